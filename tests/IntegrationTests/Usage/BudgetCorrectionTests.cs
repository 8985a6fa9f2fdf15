using OpenRouterSaaS.Domain.Budgets;
using OpenRouterSaaS.Domain.Tenants;
using OpenRouterSaaS.Infrastructure.Budgets;
using OpenRouterSaaS.IntegrationTests.Budgets;
using OpenRouterSaaS.IntegrationTests.Infrastructure;

namespace OpenRouterSaaS.IntegrationTests.Usage;

/// <summary>A settled reservation's spend brought to the cost OpenRouter billed: once, on both budgets, and only in its own tenant.</summary>
public sealed class BudgetCorrectionTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Correcting_moves_both_budgets_by_the_difference_once_in_either_direction()
    {
        var tenant = await database.AddTenantAsync();
        var member = await database.AddMemberAsync(tenant, TenantRole.Member);
        var up = (await database.ReserveAsync(tenant, member, 1m)).ReservationId!.Value;
        var down = (await database.ReserveAsync(tenant, member, 1m)).ReservationId!.Value;
        await database.SettleAsync(tenant, up, 0.40m);
        await database.SettleAsync(tenant, down, 0.30m);

        Assert.True(await CorrectAsync(tenant, up, 0.45m));
        Assert.False(await CorrectAsync(tenant, up, 0.45m));
        Assert.True(await CorrectAsync(tenant, down, 0.25m));

        var (tenantBudget, _) = await database.BudgetsOfAsync(tenant);
        Assert.Equal((0.70m, 0m), (tenantBudget!.SpentUsd, tenantBudget.ReservedUsd));
        Assert.Equal(0.70m, (await database.MemberBudgetAsync(tenant, member)).SpentUsd);
        Assert.Equal((ReservationStatus.Settled, (decimal?)0.45m), ((await database.ReservationAsync(up)).Status, (await database.ReservationAsync(up)).ActualCostUsd));
        Assert.Equal((decimal?)0.25m, (await database.ReservationAsync(down)).ActualCostUsd);
    }

    [Fact]
    public async Task A_held_or_released_reservation_is_not_corrected_nor_is_another_tenants()
    {
        var tenant = await database.AddTenantAsync();
        var other = await database.AddTenantAsync();
        var member = await database.AddMemberAsync(tenant, TenantRole.Member);
        var held = (await database.ReserveAsync(tenant, member, 1m)).ReservationId!.Value;
        var released = (await database.ReserveAsync(tenant, member, 1m)).ReservationId!.Value;
        var settled = (await database.ReserveAsync(tenant, member, 1m)).ReservationId!.Value;
        await database.ReleaseAsync(tenant, released);
        await database.SettleAsync(tenant, settled, 0.5m);

        Assert.False(await CorrectAsync(tenant, held, 0.2m));
        Assert.False(await CorrectAsync(tenant, released, 0.2m));
        Assert.False(await CorrectAsync(other, settled, 0.9m));
        Assert.False(await CorrectAsync(tenant, Guid.NewGuid(), 0.9m));

        var (tenantBudget, _) = await database.BudgetsOfAsync(tenant);
        Assert.Equal((0.5m, 1m), (tenantBudget!.SpentUsd, tenantBudget.ReservedUsd));
        Assert.Equal(ReservationStatus.Held, (await database.ReservationAsync(held)).Status);
    }

    private async Task<bool> CorrectAsync(Tenant tenant, Guid reservationId, decimal cost)
    {
        await using var scope = database.OpenScope(tenant);
        return await new BudgetLedger(scope.Db, scope.Tenant).CorrectAsync(reservationId, cost, BudgetData.March);
    }
}
