using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Domain.Usage;
using OpenRouterSaaS.FunctionalTests.Gateway;
using OpenRouterSaaS.FunctionalTests.Infrastructure;
using OpenRouterSaaS.Infrastructure.Persistence;
using OpenRouterSaaS.Infrastructure.Usage;

namespace OpenRouterSaaS.FunctionalTests.Usage;

/// <summary>
/// The app with its usage roll-up worker off, so that a test rolls the usage up itself (<see cref="RollUpAsync"/>) and
/// knows which days the pages read from the roll-up; reconciliation is off too (see <see cref="MarchLedgerAppFixture"/>).
/// </summary>
public sealed class UsageRollupAppFixture() : MarchLedgerAppFixture(services => services.Configure<UsageRollupOptions>(options => options.Interval = TimeSpan.Zero))
{
    /// <summary>
    /// Rounds of the roll-up, as an instance's worker runs them, until every closed day is rolled up and current. The first
    /// closing of days waits for the transactions that began before it, other tests' among them.
    /// </summary>
    public async Task RollUpAsync()
    {
        var sweep = App.Services.GetRequiredService<UsageRollupSweep>();
        await GatewayKit.EventuallyAsync(
            async () =>
            {
                await sweep.RunOnceAsync();
                return await sweep.IsCaughtUpAsync();
            },
            caughtUp => caughtUp,
            "the roll-up caught up with every closed day");
    }

    /// <summary>The tenant's days the roll-up knows: true where it is current, false where the day's rows changed since.</summary>
    public async Task<Dictionary<DateOnly, bool>> RollupDaysAsync(string slug)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT day, stale_since IS NULL FROM usage_rollup_days WHERE tenant_id = (SELECT id FROM tenants WHERE slug = @slug)", connection);
        command.Parameters.AddWithValue("slug", slug);
        await using var reader = await command.ExecuteReaderAsync();
        var days = new Dictionary<DateOnly, bool>();
        while (await reader.ReadAsync())
        {
            days.Add(reader.GetFieldValue<DateOnly>(0), reader.GetBoolean(1));
        }

        return days;
    }

    /// <summary>Changes the tenant's call made at <paramref name="at"/>, as the reconciliation or a sweeper would.</summary>
    public async Task ChangeCallAsync(string slug, DateTimeOffset at, Action<UsageRecord> change)
    {
        var tenant = (await Stored.TenantAsync(slug))!;
        await using var scope = App.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ITenantContext>().Enter(tenant.Id, tenant.Slug, role: null);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        change(await db.UsageRecords.SingleAsync(record => record.CreatedAt == at));
        await db.SaveChangesAsync();
    }
}
