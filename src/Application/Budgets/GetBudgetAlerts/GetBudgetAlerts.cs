using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Common.Security;
using OpenRouterSaaS.Domain.Budgets;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.Application.Budgets.GetBudgetAlerts;

/// <summary>
/// The current tenant's budgets this UTC month that reached the alert threshold, for the banner on every tenant page:
/// for admins the tenant's budget and the members', for a member their own. One query on the month's rows.
/// </summary>
[RequireTenantRole(TenantRole.Member)]
public sealed record GetBudgetAlertsQuery : IQuery<Result<BudgetAlerts>>;

/// <param name="Tenant">The tenant's budget, when it reached the threshold (admins only).</param>
/// <param name="Own">The signed-in member's budget, when it reached the threshold (members who are not admins).</param>
/// <param name="MembersAtThreshold">Members whose budget reached the threshold but is not used up (admins only).</param>
/// <param name="MembersExhausted">Members whose budget is used up (admins only).</param>
public sealed record BudgetAlerts(DateOnly Month, int AlertPercent, BudgetAlert? Tenant, BudgetAlert? Own, int MembersAtThreshold, int MembersExhausted)
{
    public static BudgetAlerts None(DateOnly month) => new(month, 0, null, null, 0, 0);

    public bool Any => Tenant is not null || Own is not null || MembersAtThreshold + MembersExhausted > 0;

    /// <summary>The most urgent level among the alerts.</summary>
    public BudgetAlertLevel Level => Tenant?.Level == BudgetAlertLevel.Exhausted || Own?.Level == BudgetAlertLevel.Exhausted || MembersExhausted > 0
        ? BudgetAlertLevel.Exhausted
        : Any ? BudgetAlertLevel.Threshold : BudgetAlertLevel.None;
}

public sealed record BudgetAlert(decimal SpentUsd, decimal LimitUsd, BudgetAlertLevel Level)
{
    /// <summary>The share of the limit spent, in whole percent rounded down.</summary>
    public int Percent => (int)Math.Floor(SpentUsd * 100m / LimitUsd);
}

public sealed class GetBudgetAlertsHandler(IAppDbContext db, ITenantContext tenantContext, ICurrentUser currentUser, TimeProvider clock)
    : IQueryHandler<GetBudgetAlertsQuery, Result<BudgetAlerts>>
{
    public async ValueTask<Result<BudgetAlerts>> Handle(GetBudgetAlertsQuery query, CancellationToken cancellationToken)
    {
        var month = BudgetMonth.Of(clock.GetUtcNow());
        var isAdmin = tenantContext.Role >= TenantRole.Admin;
        var userId = currentUser.UserId;

        // The tenant filter and the month select a handful of rows through the (tenant, member, month) index.
        var budgets = db.Budgets.Where(budget => budget.Month == month && budget.LimitUsd > 0m);
        budgets = isAdmin
            ? budgets.Where(budget => budget.MemberUserId == null || db.Memberships.Any(membership => membership.UserId == budget.MemberUserId))
            : budgets.Where(budget => budget.MemberUserId == userId);
        var reached = await budgets
            .Join(db.Tenants, budget => budget.TenantId, tenant => tenant.Id, (budget, tenant) =>
                new { budget.MemberUserId, budget.SpentUsd, LimitUsd = budget.LimitUsd!.Value, tenant.BudgetAlertPercent })
            .Where(row => row.SpentUsd * 100m >= row.LimitUsd * row.BudgetAlertPercent)
            .ToListAsync(cancellationToken);
        if (reached.Count == 0)
        {
            return BudgetAlerts.None(month);
        }

        var percent = reached[0].BudgetAlertPercent;
        var alerts = reached.Select(row => (row.MemberUserId, Alert: new BudgetAlert(row.SpentUsd, row.LimitUsd,
            BudgetLimits.AlertLevel(row.SpentUsd, row.LimitUsd, percent)))).ToList();
        var members = alerts.Where(row => row.MemberUserId is not null).Select(row => row.Alert).ToList();
        return isAdmin
            ? new BudgetAlerts(month, percent, alerts.SingleOrDefault(row => row.MemberUserId is null).Alert, null,
                members.Count(alert => alert.Level == BudgetAlertLevel.Threshold), members.Count(alert => alert.Level == BudgetAlertLevel.Exhausted))
            : new BudgetAlerts(month, percent, null, members.SingleOrDefault(), 0, 0);
    }
}
