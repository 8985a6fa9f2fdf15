using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenRouterSaaS.Application.Common.Exceptions;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Domain.Secrets;
using OpenRouterSaaS.Infrastructure.Persistence;
using OpenRouterSaaS.Infrastructure.Secrets;
using OpenRouterSaaS.IntegrationTests.Infrastructure;

namespace OpenRouterSaaS.IntegrationTests.Secrets;

/// <summary>
/// rotate-secrets, through the same services the command uses, over a secret store registered the way a
/// credential table plugs in: here a table of the test's own, so that every case (moved and orphaned ciphertexts) can be staged.
/// </summary>
public sealed class SecretRotationTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private static readonly string OldKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private static readonly string NewKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public async Task Rotation_re_encrypts_every_secret_under_the_active_key_and_each_still_decrypts()
    {
        var table = await TestSecretTable.CreateAsync(database);
        var secrets = await table.InsertAsync(Protector("old", ("old", OldKey)), rows: 7);
        var afterKeyChange = Protector("new", ("old", OldKey), ("new", NewKey));

        // Before rotation the old key still decrypts what it encrypted, and the rows are flagged for rotation.
        foreach (var (row, plaintext) in secrets)
        {
            var stored = await table.StoredAsync(row.Id);
            Assert.Equal(plaintext, afterKeyChange.Unprotect(stored, row.Secrets[0].Binding));
            Assert.True(afterKeyChange.NeedsRotation(stored));
        }

        await using var app = Services(table, ("new", [("old", OldKey), ("new", NewKey)]));
        var report = await SecretRotationCommand.RunAsync(app, batchSize: 3);

        var result = Assert.Single(report.Stores);
        Assert.Equal((table.Name, 7, 7, 0, 0), (result.Store, result.Rows, result.Rotated, result.AlreadyCurrent, result.UnreadableRows.Count));
        var newKeyOnly = Protector("new", ("new", NewKey));
        foreach (var (row, plaintext) in secrets)
        {
            var stored = await table.StoredAsync(row.Id);
            Assert.StartsWith("v1.new.", stored, StringComparison.Ordinal);
            Assert.Equal(plaintext, newKeyOnly.Unprotect(stored, row.Secrets[0].Binding));
        }
    }

    [Fact]
    public async Task A_second_rotation_changes_nothing()
    {
        var table = await TestSecretTable.CreateAsync(database);
        await table.InsertAsync(Protector("old", ("old", OldKey)), rows: 4);
        await using var app = Services(table, ("new", [("old", OldKey), ("new", NewKey)]));
        await SecretRotationCommand.RunAsync(app, batchSize: 2);
        var before = await table.AllStoredAsync();

        var again = Assert.Single((await SecretRotationCommand.RunAsync(app, batchSize: 2)).Stores);

        Assert.Equal((4, 0, 4), (again.Rows, again.Rotated, again.AlreadyCurrent));
        Assert.Equal(before, await table.AllStoredAsync());
    }

    [Fact]
    public async Task A_secret_that_cannot_be_decrypted_is_reported_and_left_as_it_was_while_the_others_rotate()
    {
        var table = await TestSecretTable.CreateAsync(database);
        var secrets = await table.InsertAsync(Protector("old", ("old", OldKey)), rows: 3);
        // A ciphertext copied onto another row does not decrypt there.
        var moved = secrets[1].Row;
        await table.OverwriteAsync(moved.Id, await table.StoredAsync(secrets[0].Row.Id));
        var movedBefore = await table.StoredAsync(moved.Id);
        await using var app = Services(table, ("new", [("old", OldKey), ("new", NewKey)]));

        var report = await SecretRotationCommand.RunAsync(app);

        Assert.Equal(1, report.Unreadable);
        Assert.Equal([moved.Id], report.Stores[0].UnreadableRows);
        Assert.Equal(2, report.Rotated);
        Assert.Equal(movedBefore, await table.StoredAsync(moved.Id));
        Assert.StartsWith("v1.new.", await table.StoredAsync(secrets[2].Row.Id), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_secret_whose_old_key_was_removed_before_rotation_is_reported_not_lost()
    {
        var table = await TestSecretTable.CreateAsync(database);
        var secrets = await table.InsertAsync(Protector("old", ("old", OldKey)), rows: 2);
        await using var app = Services(table, ("new", [("new", NewKey)]));

        var report = await SecretRotationCommand.RunAsync(app);

        Assert.Equal(2, report.Unreadable);
        Assert.Equal(0, report.Rotated);
        Assert.Equal(secrets[0].Row.Id, report.Stores[0].UnreadableRows[0]);
        Assert.StartsWith("v1.old.", await table.StoredAsync(secrets[0].Row.Id), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_no_secret_store_there_is_nothing_to_rotate()
    {
        await using var app = Services(table: null, ("new", [("new", NewKey)]));

        var report = await SecretRotationCommand.RunAsync(app);

        Assert.Empty(report.Stores);
        Assert.Equal("No secret stores are registered; nothing to rotate.", report.ToString());
    }

    private static SecretProtector Protector(string active, params (string Id, string Key)[] keys) => RotationSetup.Protector(active, keys);

    /// <summary>The app's services for rotate-secrets, with only the test's table as a secret store.</summary>
    private ServiceProvider Services(TestSecretTable? table, (string Active, (string Id, string Key)[] Keys) secrets) =>
        RotationSetup.Services(database, secrets.Active, secrets.Keys, services =>
        {
            // Only the test's own table: the app's credential table is rotated in CredentialRotationTests.
            services.RemoveAll<ISecretStore>();
            if (table is not null)
            {
                services.AddScoped<ISecretStore>(provider => new TestSecretStore(provider.GetRequiredService<AppDbContext>(), table.Name));
            }
        });
}

/// <summary>A table of secrets made by the test, bound like credentials are: tenant, owner, row id.</summary>
internal sealed class TestSecretTable(PostgresDatabase database, string name)
{
    public string Name { get; } = name;

    public static async Task<TestSecretTable> CreateAsync(PostgresDatabase database)
    {
        var table = new TestSecretTable(database, "rotation_" + Guid.NewGuid().ToString("N")[..12]);
        await table.ExecuteAsync($"CREATE TABLE {table.Name} (id uuid PRIMARY KEY, tenant_id uuid NOT NULL, owner_user_id uuid NULL, secret text NOT NULL)");
        return table;
    }

    /// <summary>Rows in two tenants, some personal, some shared; returns each row with its plaintext.</summary>
    public async Task<List<(SecretRow Row, string Plaintext)>> InsertAsync(ISecretProtector protector, int rows)
    {
        var tenants = new[] { Guid.CreateVersion7(), Guid.CreateVersion7() };
        var inserted = new List<(SecretRow, string)>();
        for (var i = 0; i < rows; i++)
        {
            var binding = new SecretBinding(tenants[i % 2], i % 3 == 0 ? null : Guid.CreateVersion7(), Guid.CreateVersion7());
            var plaintext = "sk-or-v1-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();
            var stored = protector.Protect(plaintext, binding);
            await ExecuteAsync($"INSERT INTO {Name} (id, tenant_id, owner_user_id, secret) VALUES ({{0}}, {{1}}, NULLIF({{2}}, '00000000-0000-0000-0000-000000000000'::uuid), {{3}})",
                binding.CredentialId, binding.TenantId, binding.OwnerUserId ?? Guid.Empty, stored);
            inserted.Add((new SecretRow(binding.CredentialId, binding.TenantId, [new StoredSecret("secret", stored, binding)]), plaintext));
        }

        return inserted;
    }

    public async Task<string> StoredAsync(Guid id)
    {
        var sql = $"SELECT secret AS \"Value\" FROM {Name} WHERE id = {{0}}";
        await using var scope = database.OpenScope();
        return await scope.Db.Database.SqlQueryRaw<string>(sql, id).SingleAsync();
    }

    public async Task<List<string>> AllStoredAsync()
    {
        var sql = $"SELECT secret AS \"Value\" FROM {Name} ORDER BY id";
        await using var scope = database.OpenScope();
        return await scope.Db.Database.SqlQueryRaw<string>(sql).ToListAsync();
    }

    public Task OverwriteAsync(Guid id, string stored) => ExecuteAsync($"UPDATE {Name} SET secret = {{0}} WHERE id = {{1}}", stored, id);

    private async Task ExecuteAsync(string sql, params object[] parameters)
    {
        await using var scope = database.OpenScope();
        await scope.Db.Database.ExecuteSqlRawAsync(sql, parameters);
    }
}

/// <summary>The test table as an <see cref="ISecretStore"/>, locking its rows as the entity stores do.</summary>
internal sealed class TestSecretStore(AppDbContext db, string table) : ISecretStore
{
    public string Name => table;

    public async Task<IReadOnlyList<SecretRow>> LockBatchAsync(Guid? after, int size, CancellationToken cancellationToken = default)
    {
        var sql = $"SELECT id, tenant_id, owner_user_id, secret FROM {table} WHERE id > {{0}} ORDER BY id LIMIT {{1}} FOR UPDATE";
        var rows = await db.Database.SqlQueryRaw<TestRow>(sql, after ?? Guid.Empty, size).ToListAsync(cancellationToken);
        return rows.Select(row => new SecretRow(row.Id, row.TenantId, [new StoredSecret("secret", row.Secret, new SecretBinding(row.TenantId, row.OwnerUserId, row.Id))])).ToList();
    }

    public async Task ReplaceAsync(SecretRow row, StoredSecret secret, string newStored, CancellationToken cancellationToken = default)
    {
        var sql = $"UPDATE {table} SET secret = {{0}} WHERE id = {{1}} AND tenant_id = {{2}} AND secret = {{3}}";
        var updated = await db.Database.ExecuteSqlRawAsync(sql, [newStored, row.Id, row.TenantId, secret.Stored], cancellationToken);
        if (updated != 1)
        {
            throw new InvalidOperationException("The row changed during rotation.");
        }
    }

    private sealed record TestRow(Guid Id, Guid TenantId, Guid? OwnerUserId, string Secret);
}
