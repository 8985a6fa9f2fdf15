using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Common.Security;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.Application.UsageReports.GetMyUsage;

/// <summary>
/// The signed-in member's usage in the current tenant: this UTC month's shared-key spend against their limit, the month's
/// spend by day and by model (personal key included), and one page of their calls, newest first.
/// </summary>
[RequireTenantRole(TenantRole.Member)]
public sealed record GetMyUsageQuery(int Page = 1) : IQuery<Result<MyUsage>>;

/// <param name="Month">The current UTC month, from its first day to today.</param>
/// <param name="ByDay">Every day of <paramref name="Month"/>, days without calls as zero.</param>
public sealed record MyUsage(
    UsageRange Month,
    SharedKeyAllowance Allowance,
    UsageTotals Totals,
    IReadOnlyList<UsageBy<CredentialKind>> ByKeyKind,
    IReadOnlyList<UsageBy<DateOnly>> ByDay,
    IReadOnlyList<UsageBy<string>> ByModel,
    UsageCallsPage Calls);

/// <summary>A member's shared-key spend this month as their budget counts it, against their monthly limit.</summary>
/// <param name="SpentUsd">The real cost of their finished shared-key calls.</param>
/// <param name="HeldUsd">Held for their shared-key calls still running.</param>
/// <param name="LimitUsd">Their own limit, else the tenant's default for members; null when there is none.</param>
/// <param name="LimitIsOwn">Whether the limit was set for this member rather than the tenant's default.</param>
/// <param name="AlertPercent">The share of the limit from which the tenant warns.</param>
public sealed record SharedKeyAllowance(decimal SpentUsd, decimal HeldUsd, decimal? LimitUsd, bool LimitIsOwn, bool MayUseSharedKey, int AlertPercent)
{
    /// <summary>How much of the limit is spent or held, 0 to 100; null without a limit.</summary>
    public int? PercentUsed => LimitUsd switch
    {
        null => null,
        0m => SpentUsd + HeldUsd > 0m ? 100 : 0,
        var limit => (int)Math.Min(100m, Math.Floor((SpentUsd + HeldUsd) / limit.Value * 100m)),
    };

    public decimal? RemainingUsd => LimitUsd is { } limit ? Math.Max(0m, limit - SpentUsd - HeldUsd) : null;
}

public sealed class GetMyUsageHandler(IAppDbContext db, IUsageSums sums, ITenantContext tenantContext, ICurrentUser currentUser, TimeProvider clock)
    : IQueryHandler<GetMyUsageQuery, Result<MyUsage>>
{
    public async ValueTask<Result<MyUsage>> Handle(GetMyUsageQuery query, CancellationToken cancellationToken)
    {
        var userId = currentUser.RequiredUserId;
        var month = UsageRange.MonthSoFar(UsageRange.Today(clock));
        var breakdown = await sums.AddUpMemberAsync(month, userId, cancellationToken);
        var calls = await UsageCalls.PageAsync(db.UsageRecords.AsNoTracking().Where(record => record.UserId == userId), db.Users, query.Page, cancellationToken);
        return new MyUsage(
            month,
            await AllowanceAsync(userId, month.From, cancellationToken),
            breakdown.Total,
            UsageBy.Costliest(breakdown.ByKeyKind),
            breakdown.EachDayOf(month),
            UsageBy.Costliest(breakdown.ByModel),
            calls);
    }

    /// <param name="month">The month's first day, which names its budgets.</param>
    private async Task<SharedKeyAllowance> AllowanceAsync(Guid userId, DateOnly month, CancellationToken cancellationToken)
    {
        var tenant = await db.Tenants.AsNoTracking().SingleAsync(tenant => tenant.Id == tenantContext.TenantId, cancellationToken);
        var membership = await db.Memberships.AsNoTracking().SingleAsync(membership => membership.UserId == userId, cancellationToken);
        var budget = await db.Budgets.AsNoTracking()
            .Where(budget => budget.MemberUserId == userId && budget.Month == month)
            .Select(budget => new { budget.SpentUsd, budget.ReservedUsd })
            .SingleOrDefaultAsync(cancellationToken);
        return new SharedKeyAllowance(
            budget?.SpentUsd ?? 0m,
            budget?.ReservedUsd ?? 0m,
            membership.MonthlyLimitUsd(tenant),
            membership.MonthlyLimitOverrideUsd is not null,
            membership.MayUseSharedKey,
            tenant.BudgetAlertPercent);
    }
}
