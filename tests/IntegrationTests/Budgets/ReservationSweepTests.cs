using OpenRouterSaaS.Domain.Budgets;
using OpenRouterSaaS.Domain.Tenants;
using OpenRouterSaaS.IntegrationTests.Infrastructure;

namespace OpenRouterSaaS.IntegrationTests.Budgets;

/// <summary>The sweeper gives back reservations a crashed call left behind, once, however many instances sweep.</summary>
public sealed class ReservationSweepTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(15);

    [Fact]
    public async Task Two_sweepers_at_once_release_a_stale_reservation_once_and_leave_a_fresh_one_held()
    {
        var tenant = await database.AddTenantAsync();
        var member = await database.AddMemberAsync(tenant, TenantRole.Member);
        await database.SetLimitsAsync(tenant, tenantLimit: 10m, memberLimit: 10m);
        var stale = (await database.ReserveAsync(tenant, member, 2m, BudgetData.March)).ReservationId!.Value;
        var fresh = (await database.ReserveAsync(tenant, member, 1m, BudgetData.March + Timeout)).ReservationId!.Value;
        var clock = new FixedClock(BudgetData.March + Timeout + TimeSpan.FromMinutes(1));

        var released = await Task.WhenAll(
            Task.Run(() => database.Sweeper(clock, Timeout).RunOnceAsync()),
            Task.Run(() => database.Sweeper(clock, Timeout).RunOnceAsync()));

        // Tests of a class run one after another on its own database: only this reservation is stale now.
        Assert.Equal(1, released.Sum());
        Assert.Equal(ReservationStatus.Released, (await database.ReservationAsync(stale)).Status);
        Assert.Equal(ReservationStatus.Held, (await database.ReservationAsync(fresh)).Status);
        var (tenantBudget, _) = await database.BudgetsOfAsync(tenant);
        Assert.Equal((0m, 1m), (tenantBudget!.SpentUsd, tenantBudget.ReservedUsd));
        Assert.Equal(1m, (await database.MemberBudgetAsync(tenant, member)).ReservedUsd);

        // A later sweep finds nothing more; a late settle of the swept call still counts its cost.
        Assert.Equal(0, await database.Sweeper(clock, Timeout).RunOnceAsync());
        Assert.True(await database.SettleAsync(tenant, stale, 0.3m));
        (tenantBudget, _) = await database.BudgetsOfAsync(tenant);
        Assert.Equal((0.3m, 1m), (tenantBudget!.SpentUsd, tenantBudget.ReservedUsd));
    }

    [Fact]
    public async Task Many_stale_reservations_of_several_tenants_swept_by_racing_instances_are_each_released_once()
    {
        var tenants = new List<(Tenant Tenant, Membership Member)>();
        for (var i = 0; i < 3; i++)
        {
            var tenant = await database.AddTenantAsync();
            tenants.Add((tenant, await database.AddMemberAsync(tenant, TenantRole.Member)));
        }

        foreach (var (tenant, member) in tenants)
        {
            for (var i = 0; i < 20; i++)
            {
                Assert.True((await database.ReserveAsync(tenant, member, 0.25m, BudgetData.March)).IsReserved);
            }
        }

        var clock = new FixedClock(BudgetData.March + Timeout + TimeSpan.FromSeconds(1));
        var released = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => database.Sweeper(clock, Timeout).RunOnceAsync())));

        Assert.Equal(60, released.Sum());
        foreach (var (tenant, member) in tenants)
        {
            var (tenantBudget, _) = await database.BudgetsOfAsync(tenant);
            Assert.Equal(0m, tenantBudget!.ReservedUsd);
            Assert.Equal(0m, (await database.MemberBudgetAsync(tenant, member)).ReservedUsd);
        }
    }
}
