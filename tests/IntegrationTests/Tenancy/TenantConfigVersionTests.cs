using Microsoft.EntityFrameworkCore;
using OpenRouterSaaS.Application.ApiTokens.AuthenticateApiToken;
using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.Domain.Models;
using OpenRouterSaaS.Domain.Tenants;
using OpenRouterSaaS.Infrastructure.Persistence;
using OpenRouterSaaS.IntegrationTests.Infrastructure;
using OpenRouterSaaS.Tests.Shared;

namespace OpenRouterSaaS.IntegrationTests.Tenancy;

/// <summary>
/// <c>tenants.config_version</c>, which the gateway's memory of a caller is checked against: every change to what a call
/// reads about a tenant raises that tenant's version, written through the app's own context; no other tenant's moves, and
/// a token merely being used moves nothing.
/// </summary>
public sealed class TenantConfigVersionTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task A_change_to_the_tenant_row_raises_its_version()
    {
        var t = await TwoTenants.CreateAsync(database);

        await ExpectRaisedAsync(t, () => ChangeTenantAsync(t.A, tenant => tenant.RequireZeroDataRetention(true)));
        await ExpectRaisedAsync(t, () => ChangeTenantAsync(t.A, tenant => tenant.SetKeyPolicy(KeyPolicy.SharedOnly)));
        await ExpectRaisedAsync(t, () => ChangeTenantAsync(t.A, tenant => tenant.SetDefaultMaxTokens(512)));
        await ExpectRaisedAsync(t, () => ChangeTenantAsync(t.A, tenant => tenant.Rename("Renamed")));
    }

    [Fact]
    public async Task A_membership_added_changed_or_removed_raises_its_tenants_version()
    {
        var t = await TwoTenants.CreateAsync(database);
        Membership? added = null;

        await ExpectRaisedAsync(t, async () => added = await database.AddMemberAsync(t.A, TenantRole.Member));
        await ExpectRaisedAsync(t, () => ChangeAsync(t.A, db => db.Memberships, added!.Id, membership => membership.AllowSharedKey(false)));
        await ExpectRaisedAsync(t, () => ChangeAsync(t.A, db => db.Memberships, added!.Id, membership => membership.ChangeRole(TenantRole.Admin)));
        await ExpectRaisedAsync(t, () => ChangeAsync(t.A, db => db.Memberships, added!.Id, membership => membership.OverrideMonthlyLimit(5m)));
        await ExpectRaisedAsync(t, () => RemoveAsync(t.A, db => db.Memberships, added!.Id));
    }

    [Fact]
    public async Task An_allow_list_stored_changed_or_deleted_raises_its_tenants_version()
    {
        var t = await TwoTenants.CreateAsync(database);
        var allowList = ModelAllowList.CreateDefault(t.A.Id, TestData.Now);

        await ExpectRaisedAsync(t, () => AddAsync(t.A, db => db.ModelAllowLists.Add(allowList)));
        await ExpectRaisedAsync(t, () => ChangeAsync(t.A, db => db.ModelAllowLists, allowList.Id, stored => stored.Change(
            new AllowListRules(ModelAccessMode.AllowListed, [ModelPattern.Parse("openai/*")], [], null, null), t.OwnerOfA.UserId, TestData.Now)));
        await ExpectRaisedAsync(t, () => RemoveAsync(t.A, db => db.ModelAllowLists, allowList.Id));
    }

    [Theory]
    [InlineData(CredentialKind.Shared)]
    [InlineData(CredentialKind.Personal)]
    [InlineData(CredentialKind.Management)]
    public async Task A_key_stored_replaced_or_deleted_raises_its_tenants_version(CredentialKind kind)
    {
        var t = await TwoTenants.CreateAsync(database);
        var key = Key(t.A, kind, kind == CredentialKind.Personal ? t.MemberOfA.UserId : null, "1");

        await ExpectRaisedAsync(t, () => AddAsync(t.A, db => db.OpenRouterCredentials.Add(key)));
        await ExpectRaisedAsync(t, () => ChangeAsync(t.A, db => db.OpenRouterCredentials, key.Id,
            stored => stored.Replace("sealed-2", "sk-or-v1-…0002", "fingerprint2", KeyCheck.NotYetVerified(), null, TestData.Now)));
        await ExpectRaisedAsync(t, () => RemoveAsync(t.A, db => db.OpenRouterCredentials, key.Id));
    }

    [Fact]
    public async Task A_token_revoked_given_another_expiry_or_deleted_raises_its_tenants_version()
    {
        var t = await TwoTenants.CreateAsync(database);
        var (revoked, _) = await database.AddApiTokenAsync(t.A, t.MemberOfA);
        var (expiring, _) = await database.AddApiTokenAsync(t.A, t.MemberOfA);

        await ExpectRaisedAsync(t, () => ChangeAsync(t.A, db => db.ApiTokens, revoked.Id, token => token.Revoke(t.OwnerOfA.UserId, TestData.Now)));
        await ExpectRaisedAsync(t, async () =>
        {
            await using var scope = database.OpenScope(t.A);
            await scope.Db.ApiTokens.Where(token => token.Id == expiring.Id)
                .ExecuteUpdateAsync(set => set.SetProperty(token => token.ExpiresAt, TestData.Now.AddDays(1)));
        });
        await ExpectRaisedAsync(t, () => RemoveAsync(t.A, db => db.ApiTokens, revoked.Id));
    }

    [Fact]
    public async Task A_token_created_or_used_raises_no_version()
    {
        var t = await TwoTenants.CreateAsync(database);
        var before = await VersionsAsync(t);

        var (token, plain) = await database.AddApiTokenAsync(t.A, t.MemberOfA);
        ApiTokenAuthentication used;
        await using (var scope = database.OpenScope())
        {
            used = await new ApiTokenAuthenticator(scope.Db, new AdjustableClock()).AuthenticateAsync(plain);
        }

        Assert.True(used.Succeeded);
        Assert.NotNull((await database.FindApiTokenAsync(token.Id))!.LastUsedAt);
        Assert.Equal(before, await VersionsAsync(t));
    }

    [Fact]
    public async Task A_tenants_version_is_its_own_and_a_change_raises_it_by_one()
    {
        var t = await TwoTenants.CreateAsync(database);
        var before = await VersionsAsync(t);

        await ChangeAsync(t.B, db => db.Memberships, t.MemberOfB.Id, membership => membership.AllowSharedKey(false));

        Assert.Equal((before.A, before.B + 1), await VersionsAsync(t));
    }

    /// <summary>Runs <paramref name="change"/> (made in tenant A) and checks that A's version went up and B's did not move.</summary>
    private async Task ExpectRaisedAsync(TwoTenants t, Func<Task> change)
    {
        var before = await VersionsAsync(t);

        await change();

        var after = await VersionsAsync(t);
        Assert.True(after.A > before.A, $"Tenant A's version stayed at {before.A}.");
        Assert.Equal(before.B, after.B);
    }

    private async Task<(long A, long B)> VersionsAsync(TwoTenants t)
    {
        await using var scope = database.OpenScope();
        var versions = await scope.Db.Tenants.AsNoTracking().Where(tenant => tenant.Id == t.A.Id || tenant.Id == t.B.Id)
            .ToDictionaryAsync(tenant => tenant.Id, tenant => tenant.ConfigVersion);
        return (versions[t.A.Id], versions[t.B.Id]);
    }

    private async Task ChangeTenantAsync(Tenant tenant, Action<Tenant> change)
    {
        await using var scope = database.OpenScope(tenant);
        change(await scope.Db.Tenants.SingleAsync(row => row.Id == tenant.Id));
        await scope.Db.SaveChangesAsync();
    }

    private async Task AddAsync(Tenant tenant, Action<AppDbContext> add)
    {
        await using var scope = database.OpenScope(tenant);
        add(scope.Db);
        await scope.Db.SaveChangesAsync();
    }

    /// <summary>Loads one of the tenant's rows by id through the tenant's context, changes it and saves it, as a handler does.</summary>
    private async Task ChangeAsync<T>(Tenant tenant, Func<AppDbContext, DbSet<T>> set, Guid id, Action<T> change)
        where T : class
    {
        await using var scope = database.OpenScope(tenant);
        change(await set(scope.Db).SingleAsync(row => EF.Property<Guid>(row, "Id") == id));
        await scope.Db.SaveChangesAsync();
    }

    private async Task RemoveAsync<T>(Tenant tenant, Func<AppDbContext, DbSet<T>> set, Guid id)
        where T : class
    {
        await using var scope = database.OpenScope(tenant);
        var rows = set(scope.Db);
        rows.Remove(await rows.SingleAsync(row => EF.Property<Guid>(row, "Id") == id));
        await scope.Db.SaveChangesAsync();
    }

    private static OpenRouterCredential Key(Tenant tenant, CredentialKind kind, Guid? owner, string n) =>
        new(Guid.CreateVersion7(), tenant.Id, kind, owner, "sealed-" + n, "sk-or-v1-…000" + n, "fingerprint" + n, KeyCheck.NotYetVerified(), null, TestData.Now);
}
