using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenRouterSaaS.Application.Common;
using OpenRouterSaaS.Application.Keys;
using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.Domain.Secrets;
using OpenRouterSaaS.Domain.Tenants;
using OpenRouterSaaS.Infrastructure.Secrets;
using OpenRouterSaaS.IntegrationTests.Infrastructure;

namespace OpenRouterSaaS.IntegrationTests.Secrets;

/// <summary>rotate-secrets over the app's own credential table: every stored OpenRouter key ends up under the active master key.</summary>
public sealed class CredentialRotationTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private static readonly string OldKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private static readonly string NewKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public async Task After_rotation_no_stored_key_uses_the_old_master_key_and_each_still_decrypts()
    {
        var old = Protector("old", ("old", OldKey));
        var tenant = await database.AddTenantAsync();
        var member = await database.AddMemberAsync(tenant, TenantRole.Member);
        var personal = await AddAsync(old, tenant, CredentialKind.Personal, member.UserId);
        var shared = await AddAsync(old, tenant, CredentialKind.Shared, owner: null);

        await using var app = Services(("new", [("old", OldKey), ("new", NewKey)]));
        var report = await SecretRotationCommand.RunAsync(app, batchSize: 1);

        Assert.Equal(0, report.Unreadable);
        var newKeyOnly = Protector("new", ("new", NewKey));
        await using var scope = database.OpenScope();
        var stored = await scope.Db.OpenRouterCredentials.IgnoreQueryFilters([QueryFilters.Tenant]).AsNoTracking()
            .Where(credential => credential.TenantId == tenant.Id).ToListAsync();
        Assert.All(stored, credential => Assert.StartsWith("v1.new.", credential.EncryptedKey, StringComparison.Ordinal));
        Assert.Equal(personal, newKeyOnly.Reveal(stored.Single(credential => credential.Kind == CredentialKind.Personal)));
        Assert.Equal(shared, newKeyOnly.Reveal(stored.Single(credential => credential.Kind == CredentialKind.Shared)));
    }

    private async Task<string> AddAsync(SecretProtector protector, Tenant tenant, CredentialKind kind, Guid? owner)
    {
        await using var scope = database.OpenScope(tenant);
        var id = Guid.CreateVersion7();
        var key = "sk-or-v1-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        scope.Db.OpenRouterCredentials.Add(new OpenRouterCredential(
            id, tenant.Id, kind, owner, protector.Protect(key, new SecretBinding(tenant.Id, owner, id)), OpenRouterKeyFormat.Mask(key),
            OpenRouterKeyFormat.Fingerprint(key), KeyCheck.NotYetVerified(), null, TestData.Now));
        await scope.Db.SaveChangesAsync();
        return key;
    }

    private ServiceProvider Services((string Active, (string Id, string Key)[] Keys) secrets) => RotationSetup.Services(database, secrets.Active, secrets.Keys);

    private static SecretProtector Protector(string active, params (string Id, string Key)[] keys) => RotationSetup.Protector(active, keys);
}
