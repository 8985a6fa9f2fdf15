using System.Collections.Concurrent;
using OpenRouterSaaS.Application.Budgets;
using OpenRouterSaaS.Domain.Budgets;
using OpenRouterSaaS.Domain.Tenants;
using OpenRouterSaaS.IntegrationTests.Infrastructure;

namespace OpenRouterSaaS.IntegrationTests.Budgets;

/// <summary>Reservations on real PostgreSQL: conditional updates that no burst of calls can overspend, settled and released once.</summary>
public sealed class BudgetLedgerTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Fifty_parallel_reservations_against_a_budget_for_ten_admit_exactly_ten_and_never_overspend()
    {
        var tenant = await database.AddTenantAsync();
        var members = new List<Membership>();
        for (var i = 0; i < 5; i++)
        {
            members.Add(await database.AddMemberAsync(tenant, TenantRole.Member));
        }

        await database.SetLimitsAsync(tenant, tenantLimit: 10.5m, memberLimit: null);
        var outcomes = new ConcurrentBag<BudgetReservationOutcome>();
        using var done = new CancellationTokenSource();
        var watcher = WatchTenantBudgetAsync(tenant, 10.5m, done.Token);

        // Each call in its own context and connection, as concurrent gateway requests have.
        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(async () =>
            outcomes.Add(await database.ReserveAsync(tenant, members[i % members.Count], 1.00m)))));
        await done.CancelAsync();
        var highest = await watcher;

        Assert.Equal(10, outcomes.Count(outcome => outcome.IsReserved));
        var refusals = outcomes.Where(outcome => !outcome.IsReserved).Select(outcome => outcome.Refusal!).ToList();
        Assert.Equal(40, refusals.Count);
        Assert.All(refusals, refusal =>
        {
            Assert.Equal((BudgetScope.Tenant, 10.5m, 1.00m), (refusal.Scope, refusal.LimitUsd, refusal.EstimateUsd));
            Assert.True(refusal.SpentUsd + refusal.ReservedUsd + refusal.EstimateUsd > refusal.LimitUsd);
            Assert.Contains("tenant's monthly budget for 2026-03", refusal.Message, StringComparison.Ordinal);
            Assert.Contains("limit 10.50 USD", refusal.Message, StringComparison.Ordinal);
        });
        Assert.True(highest <= 10.5m, $"spent + reserved reached {highest}");

        var (tenantBudget, memberBudgets) = await database.BudgetsOfAsync(tenant);
        Assert.Equal((0m, 10m), (tenantBudget!.SpentUsd, tenantBudget.ReservedUsd));
        Assert.Equal(10m, memberBudgets.Sum(budget => budget.ReservedUsd));

        // Settling every admitted call at its real cost leaves nothing held and spend within the limit.
        await Task.WhenAll(outcomes.Where(outcome => outcome.IsReserved).Select(outcome => Task.Run(() =>
            database.SettleAsync(tenant, outcome.ReservationId!.Value, 0.95m))));
        (tenantBudget, memberBudgets) = await database.BudgetsOfAsync(tenant);
        Assert.Equal((9.5m, 0m), (tenantBudget!.SpentUsd, tenantBudget.ReservedUsd));
        Assert.Equal((9.5m, 0m), (memberBudgets.Sum(budget => budget.SpentUsd), memberBudgets.Sum(budget => budget.ReservedUsd)));
    }

    [Fact]
    public async Task Settling_moves_the_estimate_into_spent_at_the_real_cost_once()
    {
        var tenant = await database.AddTenantAsync();
        var member = await database.AddMemberAsync(tenant, TenantRole.Member);
        await database.SetLimitsAsync(tenant, tenantLimit: 5m, memberLimit: 3m);
        var id = (await database.ReserveAsync(tenant, member, 2m)).ReservationId!.Value;

        // The real cost may exceed the estimate; spent then passes the estimate by the overshoot.
        Assert.True(await database.SettleAsync(tenant, id, 2.5m));
        Assert.False(await database.SettleAsync(tenant, id, 2.5m));
        Assert.False(await database.SettleAsync(tenant, id, 9m));
        Assert.False(await database.ReleaseAsync(tenant, id));

        var (tenantBudget, _) = await database.BudgetsOfAsync(tenant);
        var memberBudget = await database.MemberBudgetAsync(tenant, member);
        Assert.Equal((2.5m, 0m), (tenantBudget!.SpentUsd, tenantBudget.ReservedUsd));
        Assert.Equal((2.5m, 0m, (decimal?)3m), (memberBudget.SpentUsd, memberBudget.ReservedUsd, memberBudget.LimitUsd));
        var reservation = await database.ReservationAsync(id);
        Assert.Equal((ReservationStatus.Settled, (decimal?)2.5m, 2m), (reservation.Status, reservation.ActualCostUsd, reservation.EstimateUsd));
        Assert.NotNull(reservation.SettledAt);

        // What is left (0.5 of the member's 3) now refuses a call that would have fitted before the overshoot.
        var refused = await database.ReserveAsync(tenant, member, 0.6m);
        Assert.Equal((BudgetScope.Member, 2.5m, 0m), (refused.Refusal!.Scope, refused.Refusal.SpentUsd, refused.Refusal.ReservedUsd));
    }

    [Fact]
    public async Task Releasing_gives_the_estimate_back_once_and_a_late_settle_still_records_the_cost()
    {
        var tenant = await database.AddTenantAsync();
        var member = await database.AddMemberAsync(tenant, TenantRole.Member);
        await database.SetLimitsAsync(tenant, tenantLimit: 5m, memberLimit: null);
        var failed = (await database.ReserveAsync(tenant, member, 1.5m)).ReservationId!.Value;
        var kept = (await database.ReserveAsync(tenant, member, 1m)).ReservationId!.Value;

        Assert.True(await database.ReleaseAsync(tenant, failed));
        Assert.False(await database.ReleaseAsync(tenant, failed));

        var (tenantBudget, _) = await database.BudgetsOfAsync(tenant);
        Assert.Equal((0m, 1m), (tenantBudget!.SpentUsd, tenantBudget.ReservedUsd));
        var released = await database.ReservationAsync(failed);
        Assert.Equal(ReservationStatus.Released, released.Status);
        Assert.NotNull(released.ReleasedAt);

        // A call whose reservation was released (swept while it still ran) is still paid for when it settles.
        Assert.True(await database.SettleAsync(tenant, failed, 0.4m));
        Assert.False(await database.SettleAsync(tenant, failed, 0.4m));
        (tenantBudget, _) = await database.BudgetsOfAsync(tenant);
        Assert.Equal((0.4m, 1m), (tenantBudget!.SpentUsd, tenantBudget.ReservedUsd));
        Assert.Equal(ReservationStatus.Held, (await database.ReservationAsync(kept)).Status);
    }

    [Fact]
    public async Task The_member_budget_refuses_before_the_tenant_one_and_a_refusal_holds_nothing()
    {
        var tenant = await database.AddTenantAsync();
        var alice = await database.AddMemberAsync(tenant, TenantRole.Member);
        var bob = await database.AddMemberAsync(tenant, TenantRole.Member);
        await database.SetLimitsAsync(tenant, tenantLimit: 2m, memberLimit: 1m);
        await database.OverrideMemberLimitAsync(tenant, bob, 1.5m);

        Assert.True((await database.ReserveAsync(tenant, alice, 0.6m)).IsReserved);
        // Alice's own limit is the one in the way, though the tenant's would also refuse a larger call.
        var byMember = (await database.ReserveAsync(tenant, alice, 1.5m)).Refusal!;
        Assert.Equal((BudgetScope.Member, 1m, 0m, 0.6m), (byMember.Scope, byMember.LimitUsd, byMember.SpentUsd, byMember.ReservedUsd));
        Assert.Contains("Your monthly budget for 2026-03", byMember.Message, StringComparison.Ordinal);

        // Bob's override (1.5) admits 1.4 for him, but the tenant (0.6 + 1.4 = 2.0 of 2.0 held) refuses his next 0.1,
        // and the rollback leaves his own row as it was.
        Assert.True((await database.ReserveAsync(tenant, bob, 1.4m)).IsReserved);
        var byTenant = (await database.ReserveAsync(tenant, bob, 0.1m)).Refusal!;
        Assert.Equal((BudgetScope.Tenant, 2m, 2m), (byTenant.Scope, byTenant.LimitUsd, byTenant.ReservedUsd));
        Assert.Equal((decimal?)1.5m, (await database.MemberBudgetAsync(tenant, bob)).LimitUsd);
        Assert.Equal(1.4m, (await database.MemberBudgetAsync(tenant, bob)).ReservedUsd);
        Assert.Equal(0.6m, (await database.MemberBudgetAsync(tenant, alice)).ReservedUsd);
    }

    [Fact]
    public async Task Unlimited_budgets_admit_any_estimate_and_each_month_has_its_own_rows()
    {
        var tenant = await database.AddTenantAsync();
        var member = await database.AddMemberAsync(tenant, TenantRole.Member);

        Assert.True((await database.ReserveAsync(tenant, member, 1000m)).IsReserved);
        Assert.True((await database.ReserveAsync(tenant, member, 1m, new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero))).IsReserved);

        var march = await database.BudgetsOfAsync(tenant);
        var april = await database.BudgetsOfAsync(tenant, new DateOnly(2026, 4, 1));
        Assert.Equal((1000m, 1000m), (march.Tenant!.ReservedUsd, Assert.Single(march.Members).ReservedUsd));
        Assert.Equal((1m, 1m), (april.Tenant!.ReservedUsd, Assert.Single(april.Members).ReservedUsd));
        Assert.All([march.Tenant, april.Tenant, .. march.Members, .. april.Members], budget => Assert.Null(budget.LimitUsd));
    }

    [Fact]
    public async Task Another_tenants_reservations_never_touch_this_tenants_rows()
    {
        var a = await database.AddTenantAsync();
        var b = await database.AddTenantAsync();
        var person = await database.AddUserAsync();
        var inA = await database.AddMemberAsync(a, TenantRole.Member, person);
        var inB = await database.AddMemberAsync(b, TenantRole.Member, person);
        await database.SetLimitsAsync(a, tenantLimit: 1m, memberLimit: 1m);
        await database.SetLimitsAsync(b, tenantLimit: 1m, memberLimit: 1m);
        var inATenant = (await database.ReserveAsync(a, inA, 0.75m)).ReservationId!.Value;

        // The same person in B has B's own, untouched budgets.
        var inBTenant = (await database.ReserveAsync(b, inB, 0.75m)).ReservationId!.Value;

        // Settling or releasing A's reservation while acting in B changes nothing anywhere.
        Assert.False(await database.SettleAsync(b, inATenant, 0.5m));
        Assert.False(await database.ReleaseAsync(b, inATenant));
        Assert.Equal(ReservationStatus.Held, (await database.ReservationAsync(inATenant)).Status);

        var (aTenant, aMembers) = await database.BudgetsOfAsync(a);
        var (bTenant, bMembers) = await database.BudgetsOfAsync(b);
        Assert.Equal((0.75m, 0m), (aTenant!.ReservedUsd, aTenant.SpentUsd));
        Assert.Equal(0.75m, Assert.Single(aMembers).ReservedUsd);
        Assert.Equal((0.75m, 0m), (bTenant!.ReservedUsd, bTenant.SpentUsd));
        Assert.Equal(0.75m, Assert.Single(bMembers).ReservedUsd);
        Assert.Equal(b.Id, (await database.ReservationAsync(inBTenant)).TenantId);
    }

    [Fact]
    public async Task Only_a_member_of_the_tenant_can_reserve_its_budget()
    {
        var a = await database.AddTenantAsync();
        var b = await database.AddTenantAsync();
        var inB = await database.AddMemberAsync(b, TenantRole.Member);

        await Assert.ThrowsAsync<InvalidOperationException>(() => database.ReserveAsync(a, inB, 1m));
        Assert.Null((await database.BudgetsOfAsync(a)).Tenant);
    }

    /// <summary>Reads the tenant's row over and over while calls run; returns the highest spent + reserved seen.</summary>
    private async Task<decimal> WatchTenantBudgetAsync(Tenant tenant, decimal limit, CancellationToken stop)
    {
        var highest = 0m;
        while (!stop.IsCancellationRequested)
        {
            var (row, _) = await database.BudgetsOfAsync(tenant);
            if (row is not null)
            {
                highest = Math.Max(highest, row.SpentUsd + row.ReservedUsd);
                Assert.True(row.SpentUsd + row.ReservedUsd <= limit);
            }

            await Task.Yield();
        }

        return highest;
    }
}
