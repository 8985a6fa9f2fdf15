using OpenRouterSaaS.Application.Common.Audit;
using OpenRouterSaaS.Domain.Secrets;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenRouterSaaS.Application.Common;
using OpenRouterSaaS.Application.Common.Exceptions;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Keys;
using OpenRouterSaaS.Application.Keys.SavePersonalKey;
using OpenRouterSaaS.Application.Members.RemoveMember;
using OpenRouterSaaS.Application.OpenRouter;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.Domain.Tenants;
using OpenRouterSaaS.Infrastructure.Secrets;
using OpenRouterSaaS.IntegrationTests.Infrastructure;

namespace OpenRouterSaaS.IntegrationTests.Credentials;

/// <summary>Stored keys on real PostgreSQL: bound to their row, one per slot, replaced whole.</summary>
public sealed class CredentialStorageTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private static readonly SecretProtector Protector = new(Options.Create(new SecretsOptions
    {
        ActiveKeyId = "it",
        MasterKeys = new Dictionary<string, string>(StringComparer.Ordinal) { ["it"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) },
    }));

    [Fact]
    public async Task A_ciphertext_copied_to_another_members_row_or_another_tenant_does_not_decrypt()
    {
        var a = await database.AddTenantAsync();
        var b = await database.AddTenantAsync();
        var first = await database.AddMemberAsync(a, TenantRole.Member);
        var second = await database.AddMemberAsync(a, TenantRole.Member);
        var inB = await database.AddMemberAsync(b, TenantRole.Member);
        var firstKey = NewKey();
        await SaveAsync(a, first, firstKey);
        await SaveAsync(a, second, NewKey());
        await SaveAsync(b, inB, NewKey());
        var firstRow = await FindAsync(a, first.UserId);

        // What someone with write access to the database could do: move a ciphertext to a row whose key they want to use.
        await using (var scope = database.OpenScope())
        {
            await scope.Db.Database.ExecuteSqlInterpolatedAsync(
                $"UPDATE openrouter_credentials SET encrypted_key = {firstRow.EncryptedKey} WHERE owner_user_id IN ({second.UserId}, {inB.UserId})");
        }

        Assert.Equal(firstKey, Protector.Reveal(await FindAsync(a, first.UserId)));
        Assert.Throws<SecretUnreadableException>(() => Protector.Reveal(FindAsync(a, second.UserId).GetAwaiter().GetResult()));
        var moved = Assert.Throws<SecretUnreadableException>(() => Protector.Reveal(FindAsync(b, inB.UserId).GetAwaiter().GetResult()));
        Assert.DoesNotContain(firstKey, moved.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rejected_replacement_leaves_the_old_key_and_an_accepted_one_replaces_it_in_the_same_row()
    {
        var tenant = await database.AddTenantAsync();
        var member = await database.AddMemberAsync(tenant, TenantRole.Member);
        var oldKey = NewKey();
        var newKey = NewKey();
        await SaveAsync(tenant, member, oldKey);
        var before = await FindAsync(tenant, member.UserId);

        var rejected = await SaveAsync(tenant, member, newKey, new FakeKeyDetails(reject: true));

        Assert.Equal(KeyVerification.RejectedMessage, rejected.Error!.FieldErrors!["Key"].Single());
        var unchanged = await FindAsync(tenant, member.UserId);
        Assert.Equal((before.EncryptedKey, before.Fingerprint), (unchanged.EncryptedKey, unchanged.Fingerprint));
        Assert.Equal(oldKey, Protector.Reveal(unchanged));

        await SaveAsync(tenant, member, newKey);

        var replaced = await FindAsync(tenant, member.UserId);
        Assert.Equal((before.Id, OpenRouterKeyFormat.Fingerprint(newKey), OpenRouterKeyFormat.Mask(newKey)), (replaced.Id, replaced.Fingerprint, replaced.Mask));
        Assert.Equal(newKey, Protector.Reveal(replaced));
        Assert.Equal(1, await CountAsync(tenant));
    }

    [Fact]
    public async Task Saves_at_the_same_moment_leave_one_whole_key_never_a_mix()
    {
        var tenant = await database.AddTenantAsync();
        var member = await database.AddMemberAsync(tenant, TenantRole.Member);
        var keys = Enumerable.Range(0, 6).Select(_ => NewKey()).ToList();

        var results = await Task.WhenAll(keys.Select(key => SaveAsync(tenant, member, key)));

        Assert.Contains(results, result => result.IsSuccess);
        Assert.All(results.Where(result => !result.IsSuccess), result => Assert.Equal(ErrorKind.Conflict, result.Error!.Kind));
        var stored = await FindAsync(tenant, member.UserId);
        var key = Protector.Reveal(stored);
        Assert.Contains(key, keys);
        Assert.Equal((OpenRouterKeyFormat.Fingerprint(key), OpenRouterKeyFormat.Mask(key)), (stored.Fingerprint, stored.Mask));
        Assert.Equal(1, await CountAsync(tenant));
    }

    [Fact]
    public async Task A_member_has_one_key_per_tenant_and_a_tenant_one_shared_key()
    {
        var tenant = await database.AddTenantAsync();
        var other = await database.AddTenantAsync();
        var user = await database.AddUserAsync();
        var member = await database.AddMemberAsync(tenant, TenantRole.Member, user);
        var alsoInOther = await database.AddMemberAsync(other, TenantRole.Member, user);
        await SaveAsync(tenant, member, NewKey());
        await SaveAsync(other, alsoInOther, NewKey());
        await AddDirectlyAsync(tenant, CredentialKind.Shared, null);

        var secondPersonal = await Assert.ThrowsAsync<DuplicateKeyException>(() => AddDirectlyAsync(tenant, CredentialKind.Personal, user.Id));
        var secondShared = await Assert.ThrowsAsync<DuplicateKeyException>(() => AddDirectlyAsync(tenant, CredentialKind.Shared, null));

        Assert.Equal("ix_openrouter_credentials_tenant_id_kind_owner_user_id", secondPersonal.ConstraintName);
        Assert.Equal("ix_openrouter_credentials_tenant_id_kind_owner_user_id", secondShared.ConstraintName);
        Assert.Equal(2, await CountAsync(tenant));
        Assert.Equal(1, await CountAsync(other));
    }

    [Fact]
    public async Task A_personal_key_goes_with_its_membership_and_every_key_with_its_tenant()
    {
        var tenant = await database.AddTenantAsync();
        var member = await database.AddMemberAsync(tenant, TenantRole.Member);
        var stays = await database.AddMemberAsync(tenant, TenantRole.Owner);
        await SaveAsync(tenant, member, NewKey());
        await SaveAsync(tenant, stays, NewKey());
        await AddDirectlyAsync(tenant, CredentialKind.Shared, null);

        await using (var scope = database.OpenScope(tenant, TenantRole.Owner))
        {
            var removed = await new RemoveMemberHandler(scope.Db, scope.Tenant).Handle(new RemoveMemberCommand(member.Id), CancellationToken.None);
            Assert.True(removed.IsSuccess);
        }

        Assert.Equal(2, await CountAsync(tenant));
        await using (var scope = database.OpenScope())
        {
            await scope.Db.Tenants.Where(row => row.Id == tenant.Id).ExecuteDeleteAsync();
        }

        Assert.Equal(0, await CountAsync(tenant));
    }

    private static string NewKey() => "sk-or-v1-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    private async Task<Result<SaveKeyOutcome>> SaveAsync(Tenant tenant, Membership member, string key, IKeyDetailsSource? source = null)
    {
        await using var scope = database.OpenScope(tenant, member.Role);
        var currentUser = new FakeCurrentUser(member.UserId, null);
        var handler = new SavePersonalKeyHandler(
            scope.Db, scope.Tenant, currentUser, Protector, source ?? new FakeKeyDetails(reject: false),
            new AuditLog(scope.Db, scope.Tenant, currentUser, TimeProvider.System), TimeProvider.System);
        return await handler.Handle(new SavePersonalKeyCommand(key, null), CancellationToken.None);
    }

    private async Task AddDirectlyAsync(Tenant tenant, CredentialKind kind, Guid? owner)
    {
        await using var scope = database.OpenScope(tenant);
        var id = Guid.CreateVersion7();
        var key = NewKey();
        scope.Db.OpenRouterCredentials.Add(new OpenRouterCredential(
            id, tenant.Id, kind, owner, Protector.Protect(key, new SecretBinding(tenant.Id, owner, id)), OpenRouterKeyFormat.Mask(key),
            OpenRouterKeyFormat.Fingerprint(key), KeyCheck.NotYetVerified(), null, TestData.Now));
        await scope.Db.SaveChangesAsync();
    }

    private async Task<OpenRouterCredential> FindAsync(Tenant tenant, Guid owner)
    {
        await using var scope = database.OpenScope(tenant);
        return await scope.Db.OpenRouterCredentials.AsNoTracking().SingleAsync(credential => credential.OwnerUserId == owner);
    }

    private async Task<int> CountAsync(Tenant tenant)
    {
        await using var scope = database.OpenScope();
        return await scope.Db.OpenRouterCredentials.IgnoreQueryFilters([QueryFilters.Tenant]).CountAsync(credential => credential.TenantId == tenant.Id);
    }

    private sealed class FakeKeyDetails(bool reject) : IKeyDetailsSource
    {
        public Task<KeyDetails> GetKeyDetailsAsync(string apiKey, CancellationToken cancellationToken = default) =>
            reject
                ? throw new OpenRouterException(OpenRouterFailureKind.InvalidKey, "GET /key: 401", 401)
                : Task.FromResult(new KeyDetails("label", null, null, KeyLimitReset.Never, new KeySpend(0m, 0m, 0m, 0m), false, false, null));
    }
}
