using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Common.Security;
using OpenRouterSaaS.Domain.Budgets;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.Application.Budgets.GetBudgets;

/// <summary>The current tenant's budget settings and its shared-key spend this UTC month, in total and per member, for the admins' budgets page.</summary>
[RequireTenantRole(TenantRole.Admin)]
public sealed record GetBudgetsQuery : IQuery<Result<BudgetsPage>>;

/// <param name="Month">The first day of the current UTC month.</param>
/// <param name="FormerMembersSpentUsd">The part of the tenant's spend this month by people who have since left.</param>
public sealed record BudgetsPage(DateOnly Month, BudgetSettings Settings, MonthSpend Tenant, IReadOnlyList<MemberBudgetRow> Members, decimal FormerMembersSpentUsd);

/// <param name="DefaultMaxTokens">The tenant's own cap; null uses <see cref="BudgetEstimate.DefaultMaxTokens"/>.</param>
public sealed record BudgetSettings(decimal? MonthlyLimitUsd, decimal? MemberMonthlyLimitUsd, int AlertPercent, int? DefaultMaxTokens);

/// <summary>A month's shared-key spend against its limit (null: unlimited).</summary>
/// <param name="HeldCalls">Calls in progress whose estimates are held in <see cref="ReservedUsd"/>.</param>
public sealed record MonthSpend(decimal SpentUsd, decimal ReservedUsd, int HeldCalls, decimal? LimitUsd)
{
    public BudgetAlertLevel Level(int alertPercent) => BudgetLimits.AlertLevel(SpentUsd, LimitUsd, alertPercent);
}

/// <param name="OverrideUsd">The member's own limit; null when they follow the tenant's default.</param>
public sealed record MemberBudgetRow(Guid MembershipId, string Email, string? DisplayName, TenantRole Role, decimal? OverrideUsd, MonthSpend Month);

public sealed class GetBudgetsHandler(IAppDbContext db, ITenantContext tenantContext, TimeProvider clock) : IQueryHandler<GetBudgetsQuery, Result<BudgetsPage>>
{
    public async ValueTask<Result<BudgetsPage>> Handle(GetBudgetsQuery query, CancellationToken cancellationToken)
    {
        var month = BudgetMonth.Of(clock.GetUtcNow());
        var settings = await db.Tenants.Where(tenant => tenant.Id == tenantContext.TenantId)
            .Select(tenant => new BudgetSettings(tenant.MonthlyLimitUsd, tenant.MemberMonthlyLimitUsd, tenant.BudgetAlertPercent, tenant.DefaultMaxTokens))
            .SingleAsync(cancellationToken);
        var budgets = await db.Budgets.AsNoTracking().Where(budget => budget.Month == month).ToListAsync(cancellationToken);
        var budgetIds = budgets.Select(budget => budget.Id).ToList();
        var held = await db.BudgetReservations
            .Where(reservation => reservation.Status == ReservationStatus.Held && budgetIds.Contains(reservation.TenantBudgetId))
            .GroupBy(reservation => reservation.UserId)
            .Select(calls => new { UserId = calls.Key, Count = calls.Count() })
            .ToDictionaryAsync(calls => calls.UserId, calls => calls.Count, cancellationToken);
        var members = await db.Memberships
            .Join(db.Users, membership => membership.UserId, user => user.Id, (membership, user) =>
                new { membership.Id, membership.UserId, user.Email, user.DisplayName, membership.Role, membership.MonthlyLimitOverrideUsd })
            .ToListAsync(cancellationToken);

        var byMember = budgets.Where(budget => budget.MemberUserId is not null).ToDictionary(budget => budget.MemberUserId!.Value);
        var tenantBudget = budgets.SingleOrDefault(budget => budget.MemberUserId is null);
        var rows = members
            .Select(member =>
            {
                var budget = byMember.GetValueOrDefault(member.UserId);
                return new MemberBudgetRow(member.Id, member.Email, member.DisplayName, member.Role, member.MonthlyLimitOverrideUsd, new MonthSpend(
                    budget?.SpentUsd ?? 0m, budget?.ReservedUsd ?? 0m, held.GetValueOrDefault(member.UserId),
                    member.MonthlyLimitOverrideUsd ?? settings.MemberMonthlyLimitUsd));
            })
            .OrderByDescending(row => row.Month.SpentUsd + row.Month.ReservedUsd)
            .ThenBy(row => row.Email, StringComparer.OrdinalIgnoreCase)
            .ToList();
        var tenantSpend = new MonthSpend(tenantBudget?.SpentUsd ?? 0m, tenantBudget?.ReservedUsd ?? 0m, held.Values.Sum(), settings.MonthlyLimitUsd);
        var current = members.Select(member => member.UserId).ToHashSet();
        var formerSpent = byMember.Where(pair => !current.Contains(pair.Key)).Sum(pair => pair.Value.SpentUsd);
        return new BudgetsPage(month, settings, tenantSpend, rows, formerSpent);
    }
}
