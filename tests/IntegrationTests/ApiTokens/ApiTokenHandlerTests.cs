using Microsoft.EntityFrameworkCore;
using OpenRouterSaaS.Application.ApiTokens.CreateApiToken;
using OpenRouterSaaS.Application.ApiTokens.RevokeApiToken;
using OpenRouterSaaS.Application.ApiTokens.RevokeMyApiToken;
using OpenRouterSaaS.Application.Common.Audit;
using OpenRouterSaaS.Application.Common.Exceptions;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Common.Security;
using OpenRouterSaaS.Domain.ApiTokens;
using OpenRouterSaaS.Domain.Audit;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Tenants;
using OpenRouterSaaS.IntegrationTests.Infrastructure;
using OpenRouterSaaS.IntegrationTests.Tenancy;

namespace OpenRouterSaaS.IntegrationTests.ApiTokens;

/// <summary>Creating and revoking tokens stores the change and its audit entry together, or neither.</summary>
public sealed class ApiTokenHandlerTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Creating_a_token_stores_its_hash_and_an_audit_entry_and_returns_the_token_once()
    {
        var t = await TwoTenants.CreateAsync(database);
        await using var scope = database.OpenScope(t.A, TenantRole.Member);
        var user = new FakeCurrentUser(t.MemberOfA.UserId, email: null);

        var created = (await new CreateApiTokenHandler(scope.Db, scope.Tenant, user, Audit(scope, user), TimeProvider.System)
            .Handle(new CreateApiTokenCommand("  CI  ", null), CancellationToken.None)).Value;

        Assert.True(ApiTokenFormat.IsWellFormed(created.Token), "The new token is not well formed.");
        var stored = (await database.FindApiTokenAsync(created.Id))!;
        Assert.Equal(OpaqueToken.Hash(created.Token), stored.TokenHash);
        Assert.Equal(("CI", created.Token[^4..], t.MemberOfA.UserId, t.A.Id), (stored.Name, stored.Hint, stored.UserId, stored.TenantId));
        var entry = Assert.Single(await database.AuditEntriesOfAsync(t.A));
        Assert.Equal((AuditActions.ApiTokenCreated, (Guid?)t.MemberOfA.UserId, "api_token", (Guid?)created.Id), (entry.Action, entry.ActorUserId, entry.TargetType, entry.TargetId));
        Assert.Equal("Created the API token \"CI\".", entry.Summary);
        Assert.False(entry.Details!.Contains(created.Token[4..], StringComparison.Ordinal), "The audit details hold the token.");
    }

    [Fact]
    public async Task An_admin_revokes_a_members_token_and_the_entry_names_the_admin_and_the_owner()
    {
        var t = await TwoTenants.CreateAsync(database);
        var (token, _) = await database.AddApiTokenAsync(t.A, t.MemberOfA);
        var ownerEmail = await EmailOfAsync(t.MemberOfA.UserId);
        await using var scope = database.OpenScope(t.A, TenantRole.Owner);
        var admin = new FakeCurrentUser(t.OwnerOfA.UserId, email: null);

        var result = await new RevokeApiTokenHandler(scope.Db, admin, Audit(scope, admin), TimeProvider.System)
            .Handle(new RevokeApiTokenCommand(token.Id), CancellationToken.None);

        Assert.True(result.IsSuccess);
        var stored = (await database.FindApiTokenAsync(token.Id))!;
        Assert.Equal(t.OwnerOfA.UserId, stored.RevokedByUserId);
        var entry = Assert.Single(await database.AuditEntriesOfAsync(t.A));
        Assert.Equal((AuditActions.ApiTokenRevoked, (Guid?)t.OwnerOfA.UserId), (entry.Action, entry.ActorUserId));
        Assert.Equal($"Revoked the API token \"{token.Name}\" of {ownerEmail}.", entry.Summary);
    }

    [Fact]
    public async Task A_member_cannot_revoke_another_members_token_and_nothing_is_recorded()
    {
        var t = await TwoTenants.CreateAsync(database);
        var (ownersToken, _) = await database.AddApiTokenAsync(t.A, t.OwnerOfA);
        await using var scope = database.OpenScope(t.A, TenantRole.Member);
        var member = new FakeCurrentUser(t.MemberOfA.UserId, email: null);

        var result = await new RevokeMyApiTokenHandler(scope.Db, member, Audit(scope, member), TimeProvider.System)
            .Handle(new RevokeMyApiTokenCommand(ownersToken.Id), CancellationToken.None);

        Assert.Equal(ErrorKind.NotFound, result.Error!.Kind);
        Assert.Null((await database.FindApiTokenAsync(ownersToken.Id))!.RevokedAt);
        Assert.Empty(await database.AuditEntriesOfAsync(t.A));
    }

    [Fact]
    public async Task Another_tenants_token_is_not_found_and_stays_active()
    {
        var t = await TwoTenants.CreateAsync(database);
        var (tokenOfB, _) = await database.AddApiTokenAsync(t.B, t.MemberOfB);
        await using var scope = database.OpenScope(t.A, TenantRole.Owner);
        var admin = new FakeCurrentUser(t.OwnerOfA.UserId, email: null);

        var result = await new RevokeApiTokenHandler(scope.Db, admin, Audit(scope, admin), TimeProvider.System)
            .Handle(new RevokeApiTokenCommand(tokenOfB.Id), CancellationToken.None);

        Assert.Equal(ErrorKind.NotFound, result.Error!.Kind);
        Assert.Null((await database.FindApiTokenAsync(tokenOfB.Id))!.RevokedAt);
        Assert.Empty(await database.AuditEntriesOfAsync(t.A));
        Assert.Empty(await database.AuditEntriesOfAsync(t.B));
    }

    [Fact]
    public async Task When_the_change_fails_to_save_its_audit_entry_is_not_saved_either()
    {
        var t = await TwoTenants.CreateAsync(database);
        var (existing, plain) = await database.AddApiTokenAsync(t.A, t.MemberOfA);
        await using var scope = database.OpenScope(t.A, TenantRole.Member);
        var user = new FakeCurrentUser(t.MemberOfA.UserId, email: null);
        var clash = new ApiToken(t.A.Id, t.MemberOfA.UserId, "clash", OpaqueToken.Hash(plain), plain[^4..], TestData.Now, null);
        scope.Db.ApiTokens.Add(clash);
        Audit(scope, user).Record(AuditActions.ApiTokenCreated, AuditTarget.ApiToken(clash.Id), "Created the API token \"clash\".");

        await Assert.ThrowsAsync<DuplicateKeyException>(() => scope.Db.SaveChangesAsync());

        Assert.Empty(await database.AuditEntriesOfAsync(t.A));
        Assert.Null(await database.FindApiTokenAsync(clash.Id));
        Assert.NotNull(await database.FindApiTokenAsync(existing.Id));
    }

    private static AuditLog Audit(TestScope scope, ICurrentUser user) => new(scope.Db, scope.Tenant, user, TimeProvider.System);

    private async Task<string> EmailOfAsync(Guid userId)
    {
        await using var scope = database.OpenScope();
        return await scope.Db.Users.Where(user => user.Id == userId).Select(user => user.Email!).SingleAsync();
    }
}
