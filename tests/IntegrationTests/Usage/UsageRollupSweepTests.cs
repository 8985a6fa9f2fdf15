using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpenRouterSaaS.Application.UsageReports;
using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.Domain.Tenants;
using OpenRouterSaaS.Domain.Usage;
using OpenRouterSaaS.Infrastructure.Persistence;
using OpenRouterSaaS.Infrastructure.Usage;
using OpenRouterSaaS.IntegrationTests.Infrastructure;

namespace OpenRouterSaaS.IntegrationTests.Usage;

/// <summary>
/// The daily usage roll-up on real PostgreSQL: closed days are rolled up once, a recount changes nothing, two instances
/// never count a day twice, a day's changed rows mark it stale while today's never do, and a tenant goes with its roll-up.
/// </summary>
public sealed class UsageRollupSweepTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private static readonly DateOnly FirstDay = new(2026, 2, 1);

    [Fact]
    public async Task Closed_days_are_rolled_up_as_the_ledger_adds_them_up_and_a_recount_changes_nothing()
    {
        await using var world = new LedgerWorld(database);
        var (tenant, member) = await TenantAsync();
        await AddDaysAsync(world, tenant, member, days: 12);

        await world.RollUpAsync();

        Assert.All((await DaysAsync(tenant)).Values, Assert.True);
        var rolledUp = await RollupRowsAsync(tenant);
        Assert.Equal(await LedgerSumsAsync(tenant), await RollupSumsAsync(tenant));
        var range = new UsageRange(FirstDay, FirstDay.AddDays(11));
        await using (var scope = world.Enter(tenant))
        {
            var sums = scope.ServiceProvider.GetRequiredService<IUsageSums>();
            var whole = (await sums.AddUpAsync(range, new UsageFilter())).Total;
            var gpt = (await sums.AddUpAsync(range, new UsageFilter(Model: "openai/gpt-4o"))).Total;
            var haiku = (await sums.AddUpAsync(range, new UsageFilter(Model: "anthropic/claude-3.5-haiku"))).Total;
            Assert.Equal((48, 12, 12, 12, 0.12m * 12 + 0.50m * 12), (whole.Calls, whole.Failed, whole.Pending, whole.Reconciled, whole.CostUsd));
            Assert.Equal(whole, UsageTotals.Sum([gpt, haiku]));
        }

        // Every row touched: every day is stale, and is counted again to the same figures.
        await database.ExecuteAsync("UPDATE usage_records SET reconcile_attempts = reconcile_attempts WHERE tenant_id = @tenant", tenant.Id);
        Assert.All((await DaysAsync(tenant)).Values, Assert.False);
        await world.RollUpAsync();
        Assert.All((await DaysAsync(tenant)).Values, Assert.True);
        Assert.Equal(rolledUp, await RollupRowsAsync(tenant));
    }

    [Fact]
    public async Task Two_instances_rolling_up_at_once_count_every_day_once()
    {
        await using var world = new LedgerWorld(database);
        await using var otherInstance = world.Instance();
        // The days are closed and queued first, so that the two rounds below only roll up.
        await world.RollUpAsync();
        var (tenant, member) = await TenantAsync();
        await AddDaysAsync(world, tenant, member, days: 40);
        var stale = await database.ScalarAsync<long>("SELECT count(*) FROM usage_rollup_days WHERE stale_since IS NOT NULL");

        var rolledUp = await Task.WhenAll(Task.Run(() => Sweep(world.Main).RunOnceAsync()), Task.Run(() => Sweep(otherInstance).RunOnceAsync()));

        Assert.Equal(stale, rolledUp.Sum());
        Assert.All((await DaysAsync(tenant)).Values, Assert.True);
        Assert.Equal(40, (await DaysAsync(tenant)).Count);
        Assert.Equal(await LedgerSumsAsync(tenant), await RollupSumsAsync(tenant));
    }

    [Fact]
    public async Task A_change_to_a_row_of_a_closed_day_marks_the_day_stale_and_todays_rows_mark_nothing()
    {
        await using var world = new LedgerWorld(database);
        var (tenant, member) = await TenantAsync();
        var past = await world.AddCallAsync(tenant, member, Guid.NewGuid(), At(FirstDay), call => call.Complete("openai/gpt-4o", "OpenAI", null, 1, 1, 0, 0, 0.10m, At(FirstDay)));
        await world.RollUpAsync();
        var now = DateTimeOffset.UtcNow;

        var today = await world.AddCallAsync(tenant, member, Guid.NewGuid(), now, _ => { });
        await ChangeAsync(world, tenant, today.Id, call => call.Complete("openai/gpt-4o", "OpenAI", null, 1, 1, 0, 0, 0.10m, now));
        Assert.Equal([(FirstDay, true)], (await DaysAsync(tenant)).Select(day => (day.Key, day.Value)));

        await ChangeAsync(world, tenant, past.Id, call => call.Reconcile(0.15m, now));
        Assert.Equal([(FirstDay, false)], (await DaysAsync(tenant)).Select(day => (day.Key, day.Value)));
    }

    [Fact]
    public async Task A_deleted_tenant_takes_its_rolled_up_days_with_it()
    {
        await using var world = new LedgerWorld(database);
        var (tenant, member) = await TenantAsync();
        await AddDaysAsync(world, tenant, member, days: 3);
        await world.RollUpAsync();

        await database.ExecuteAsync("DELETE FROM tenants WHERE id = @tenant", tenant.Id);

        Assert.Empty(await DaysAsync(tenant));
        Assert.Empty(await RollupRowsAsync(tenant));
    }

    private static UsageRollupSweep Sweep(ServiceProvider instance) =>
        new(instance.GetRequiredService<IServiceScopeFactory>(), Options.Create(new UsageRollupOptions { BatchSize = 3 }), NullLogger<UsageRollupSweep>.Instance);

    private async Task<(Tenant Tenant, Membership Member)> TenantAsync()
    {
        var tenant = await database.AddTenantAsync();
        return (tenant, await database.AddMemberAsync(tenant, TenantRole.Member));
    }

    /// <summary>Four calls a day from <see cref="FirstDay"/> on: completed and reconciled, failed, pending, cancelled; two models, both key kinds.</summary>
    private static async Task AddDaysAsync(LedgerWorld world, Tenant tenant, Membership member, int days)
    {
        for (var day = 0; day < days; day++)
        {
            var at = At(FirstDay.AddDays(day));
            await world.AddCallAsync(tenant, member, Guid.NewGuid(), at, call =>
            {
                call.Complete("openai/gpt-4o", "OpenAI", LedgerWorld.NewGenerationId(), 100, 20, 0, 0, 0.10m, at);
                call.Reconcile(0.12m, at);
            });
            await world.AddCallAsync(tenant, member, Guid.NewGuid(), at.AddMinutes(1), call => call.Fail("502", at), kind: CredentialKind.Personal);
            await world.AddCallAsync(tenant, member, Guid.NewGuid(), at.AddMinutes(2), _ => { });
            await world.AddCallAsync(tenant, member, Guid.NewGuid(), at.AddMinutes(3), call =>
                call.Cancel("anthropic/claude-3.5-haiku", "Anthropic", 10, 5, 0.50m, at), kind: CredentialKind.Personal);
        }
    }

    private static DateTimeOffset At(DateOnly day) => new(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);

    private static async Task ChangeAsync(LedgerWorld world, Tenant tenant, Guid id, Action<UsageRecord> change)
    {
        await using var scope = world.Enter(tenant);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        change(await db.UsageRecords.SingleAsync(record => record.Id == id));
        await db.SaveChangesAsync();
    }

    /// <summary>The tenant's days the roll-up knows, and whether each is current.</summary>
    private async Task<Dictionary<DateOnly, bool>> DaysAsync(Tenant tenant) =>
        (await database.RowsAsync("SELECT day::text, (stale_since IS NULL)::text FROM usage_rollup_days WHERE tenant_id = @tenant", tenant.Id))
            .ToDictionary(row => DateOnly.Parse(row[0], System.Globalization.CultureInfo.InvariantCulture), row => row[1] == "true");

    /// <summary>Every roll-up row of the tenant, in all three grains, as text.</summary>
    private Task<List<string[]>> RollupRowsAsync(Tenant tenant) => database.RowsAsync("""
        SELECT 'calls', day::text, user_id::text, model, credential_kind, calls::text, cost_usd::text, ended_cost_usd::text FROM usage_rollups WHERE tenant_id = @tenant
        UNION ALL
        SELECT 'by model', day::text, NULL, model, credential_kind, calls::text, cost_usd::text, ended_cost_usd::text FROM usage_rollups_by_model WHERE tenant_id = @tenant
        UNION ALL
        SELECT 'by member', day::text, user_id::text, NULL, credential_kind, calls::text, cost_usd::text, ended_cost_usd::text FROM usage_rollups_by_member WHERE tenant_id = @tenant
        ORDER BY 1, 2, 3, 4, 5
        """, tenant.Id);

    /// <summary>Per day: calls, failed, pending, billed cost and tokens, straight from the ledger rows.</summary>
    private Task<List<string[]>> LedgerSumsAsync(Tenant tenant) => database.RowsAsync("""
        SELECT (created_at AT TIME ZONE 'UTC')::date::text, count(*)::text, count(*) FILTER (WHERE status = 'Failed')::text,
            count(*) FILTER (WHERE status = 'Pending')::text, sum(coalesce(generation_cost_usd, cost_usd, 0))::text, sum(prompt_tokens)::text
        FROM usage_records WHERE tenant_id = @tenant GROUP BY 1 ORDER BY 1
        """, tenant.Id);

    /// <summary>The same from each grain of the roll-up; the three agree with each other and with the ledger.</summary>
    private async Task<List<string[]>> RollupSumsAsync(Tenant tenant)
    {
        var grains = new List<List<string[]>>();
        foreach (var table in new[] { "usage_rollups", "usage_rollups_by_model", "usage_rollups_by_member" })
        {
            grains.Add(await database.RowsAsync($"""
                SELECT day::text, sum(calls)::text, sum(failed)::text, sum(pending)::text, sum(cost_usd)::text, sum(prompt_tokens)::text
                FROM {table} WHERE tenant_id = @tenant GROUP BY 1 ORDER BY 1
                """, tenant.Id));
        }

        Assert.All(grains, grain => Assert.Equal(grains[0], grain));
        return grains[0];
    }
}
