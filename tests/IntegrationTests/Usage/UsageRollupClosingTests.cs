using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpenRouterSaaS.Domain.Tenants;
using OpenRouterSaaS.Infrastructure.Usage;
using OpenRouterSaaS.IntegrationTests.Infrastructure;

namespace OpenRouterSaaS.IntegrationTests.Usage;

/// <summary>
/// The roll-up's closing of days on a freshly migrated database: a change made before a day closed does not mark it, so
/// the closed days are queued only once every transaction older than their closing has ended.
/// </summary>
public sealed class UsageRollupClosingTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Closed_days_wait_for_every_transaction_that_began_before_they_closed()
    {
        await using var world = new LedgerWorld(database);
        var tenant = await database.AddTenantAsync();
        var member = await database.AddMemberAsync(tenant, TenantRole.Member);
        var day = new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);
        await world.AddCallAsync(tenant, member, Guid.NewGuid(), day, call => call.Complete("openai/gpt-4o", "OpenAI", null, 1, 1, 0, 0, 0.10m, day));
        var sweep = world.Main.GetRequiredService<UsageRollupSweep>();

        await using (var older = new NpgsqlConnection(database.ConnectionString))
        {
            await older.OpenAsync();
            await using var transaction = await TransactionWithIdAsync(older);
            Assert.Equal(0, await sweep.RunOnceAsync());
            Assert.Equal(0, await sweep.RunOnceAsync());
            Assert.Equal("", await ReadyBeforeAsync());
            Assert.False(await sweep.IsCaughtUpAsync());
            await transaction.CommitAsync();
        }

        await world.RollUpAsync();
        Assert.NotEqual("", await ReadyBeforeAsync());
        Assert.Equal([["true"]], await database.RowsAsync("SELECT (stale_since IS NULL)::text FROM usage_rollup_days WHERE tenant_id = @tenant", tenant.Id));
    }

    /// <summary>A transaction that has its id, as one that has written something has.</summary>
    private static async Task<NpgsqlTransaction> TransactionWithIdAsync(NpgsqlConnection connection)
    {
        var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand("SELECT pg_current_xact_id()", connection, transaction);
        await command.ExecuteScalarAsync();
        return transaction;
    }

    private Task<string> ReadyBeforeAsync() => database.ScalarAsync<string>("SELECT coalesce(ready_before::text, '') FROM usage_rollup_horizon");
}
