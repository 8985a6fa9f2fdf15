using System.Collections.Concurrent;
using System.Globalization;
using OpenRouterSaaS.Application.Budgets.OverrideMemberLimit;
using OpenRouterSaaS.Application.Budgets.SetBudgetLimits;
using OpenRouterSaaS.Application.Common.Audit;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Tenants;
using OpenRouterSaaS.Infrastructure.Budgets;
using OpenRouterSaaS.IntegrationTests.Infrastructure;

namespace OpenRouterSaaS.IntegrationTests.Budgets;

/// <summary>
/// Limits changed on the budgets page, on real PostgreSQL: the current month's rows follow in the same transaction,
/// a refusal leaves nothing behind, and changes running beside reservations and settlements neither deadlock nor let
/// more be held than the limit in force allows.
/// </summary>
public sealed class BudgetLimitChangeTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private static readonly FixedClock Clock = new(BudgetData.March);

    [Fact]
    public async Task A_change_makes_the_months_missing_rows_with_the_new_limits()
    {
        var tenant = await database.AddTenantAsync();
        var owner = await database.AddMemberAsync(tenant, TenantRole.Owner);
        var alice = await database.AddMemberAsync(tenant, TenantRole.Member);
        var bob = await database.AddMemberAsync(tenant, TenantRole.Member);
        Assert.True((await OverrideAsync(tenant, owner, bob.Id, "7")).IsSuccess);

        var result = await SetLimitsAsync(tenant, owner, "5", "2");

        Assert.True(result.IsSuccess);
        var (tenantRow, members) = await database.BudgetsOfAsync(tenant);
        Assert.Equal(5m, tenantRow!.LimitUsd);
        Assert.Equal(
            new Dictionary<Guid, decimal?> { [owner.UserId] = 2m, [alice.UserId] = 2m, [bob.UserId] = 7m },
            members.ToDictionary(row => row.MemberUserId!.Value, row => row.LimitUsd));
        // Enforcement follows at once: Alice's default of 2 refuses 2.5.
        Assert.False((await database.ReserveAsync(tenant, alice, 2.5m)).IsReserved);
        Assert.True((await database.ReserveAsync(tenant, bob, 2.5m)).IsReserved);
    }

    [Fact]
    public async Task A_refused_change_leaves_no_row_made_and_no_limit_changed()
    {
        var tenant = await database.AddTenantAsync();
        var owner = await database.AddMemberAsync(tenant, TenantRole.Owner);
        var alice = await database.AddMemberAsync(tenant, TenantRole.Member);
        Assert.True((await database.ReserveAsync(tenant, alice, 1.5m)).IsReserved);

        var result = await SetLimitsAsync(tenant, owner, "10", "1", alertPercent: "50");

        Assert.Equal(ErrorKind.Invalid, result.Error!.Kind);
        Assert.Equal([nameof(SetBudgetLimitsCommand.MemberMonthlyLimitUsd)], result.Error.FieldErrors!.Keys);
        Assert.Contains("has already spent $0.00 this month, and calls in progress hold $1.50 more; a default below $1.50 is not possible.",
            result.Error.Message, StringComparison.Ordinal);
        var (tenantRow, members) = await database.BudgetsOfAsync(tenant);
        Assert.Null(tenantRow!.LimitUsd);
        Assert.Null(Assert.Single(members).LimitUsd);
        Assert.DoesNotContain(members, row => row.MemberUserId == owner.UserId);
        await using var scope = database.OpenScope(tenant);
        var stored = scope.Db.Tenants.Single(row => row.Id == tenant.Id);
        Assert.Equal(((decimal?)null, (decimal?)null, Tenant.DefaultBudgetAlertPercent), (stored.MonthlyLimitUsd, stored.MemberMonthlyLimitUsd, stored.BudgetAlertPercent));
        Assert.Empty(scope.Db.AuditEntries.ToList());
    }

    [Fact]
    public async Task Lowering_the_limit_while_a_burst_of_calls_reserves_never_leaves_more_held_than_the_limit_in_force()
    {
        for (var round = 0; round < 4; round++)
        {
            var tenant = await database.AddTenantAsync();
            var owner = await database.AddMemberAsync(tenant, TenantRole.Owner);
            var members = new List<Membership>();
            for (var i = 0; i < 4; i++)
            {
                members.Add(await database.AddMemberAsync(tenant, TenantRole.Member));
            }

            await database.SetLimitsAsync(tenant, tenantLimit: 10m, memberLimit: null);
            var outcomes = new ConcurrentBag<bool>();
            var reservations = Enumerable.Range(0, 24).Select(i => Task.Run(async () =>
                outcomes.Add((await database.ReserveAsync(tenant, members[i % members.Count], 1m)).IsReserved)));
            // The change lands somewhere in the burst: before it, its check sees what is held; after it, calls see the new limit.
            var change = Task.Run(() => SetLimitsAsync(tenant, owner, "6", ""));
            await Task.WhenAll([.. reservations, change]);

            var changed = (await change).IsSuccess;
            var (tenantRow, _) = await database.BudgetsOfAsync(tenant);
            var limit = changed ? 6m : 10m;
            Assert.Equal(limit, tenantRow!.LimitUsd);
            Assert.True(tenantRow.ReservedUsd <= limit, $"Round {round}: {tenantRow.ReservedUsd} held against a limit of {limit} (changed: {changed}).");
            Assert.Equal(tenantRow.ReservedUsd, outcomes.Count(reserved => reserved));
        }
    }

    [Fact]
    public async Task Changing_limits_while_calls_settle_does_not_deadlock_and_the_rows_end_with_the_last_limits()
    {
        var tenant = await database.AddTenantAsync();
        var owner = await database.AddMemberAsync(tenant, TenantRole.Owner);
        var members = new List<Membership> { owner };
        for (var i = 0; i < 5; i++)
        {
            members.Add(await database.AddMemberAsync(tenant, TenantRole.Member));
        }

        var held = new List<Guid>();
        foreach (var member in members)
        {
            held.Add((await database.ReserveAsync(tenant, member, 0.5m)).ReservationId!.Value);
            held.Add((await database.ReserveAsync(tenant, member, 0.5m)).ReservationId!.Value);
        }

        var settling = held.Select(id => Task.Run(() => database.SettleAsync(tenant, id, 0.25m)));
        var changing = Enumerable.Range(1, 6).Select(step => Task.Run(async () =>
        {
            var result = await SetLimitsAsync(tenant, owner, (100 + step).ToString(CultureInfo.InvariantCulture), (10 + step).ToString(CultureInfo.InvariantCulture));
            Assert.True(result.IsSuccess, result.Error?.Message);
        }));
        await Task.WhenAll([.. settling, .. changing]);

        await using var scope = database.OpenScope(tenant);
        var stored = scope.Db.Tenants.Single(row => row.Id == tenant.Id);
        var (tenantRow, memberRows) = await database.BudgetsOfAsync(tenant);
        Assert.Equal((stored.MonthlyLimitUsd, 3m, 0m), (tenantRow!.LimitUsd, tenantRow.SpentUsd, tenantRow.ReservedUsd));
        Assert.All(memberRows, row => Assert.Equal((stored.MemberMonthlyLimitUsd, 0.5m, 0m), (row.LimitUsd, row.SpentUsd, row.ReservedUsd)));
    }

    private async Task<Result> SetLimitsAsync(Tenant tenant, Membership admin, string? tenantLimit, string? memberLimit, string alertPercent = "80")
    {
        await using var scope = database.OpenScope(tenant, TenantRole.Owner);
        var handler = new SetBudgetLimitsHandler(scope.Db, scope.Tenant, new BudgetLimitRows(scope.Db, scope.Tenant), Audit(scope, admin), Clock);
        return await handler.Handle(new SetBudgetLimitsCommand(tenantLimit, memberLimit, alertPercent, null), CancellationToken.None);
    }

    private async Task<Result> OverrideAsync(Tenant tenant, Membership admin, Guid membershipId, string? limit)
    {
        await using var scope = database.OpenScope(tenant, TenantRole.Owner);
        var handler = new OverrideMemberLimitHandler(scope.Db, scope.Tenant, new BudgetLimitRows(scope.Db, scope.Tenant), Audit(scope, admin), Clock);
        return await handler.Handle(new OverrideMemberLimitCommand(membershipId, limit), CancellationToken.None);
    }

    private static AuditLog Audit(TestScope scope, Membership admin) => new(scope.Db, scope.Tenant, new FakeCurrentUser(admin.UserId, null), Clock);
}
