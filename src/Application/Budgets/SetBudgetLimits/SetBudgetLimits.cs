using System.Globalization;
using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Common.Security;
using OpenRouterSaaS.Domain.Audit;
using OpenRouterSaaS.Domain.Budgets;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.Application.Budgets.SetBudgetLimits;

/// <summary>
/// Sets the current tenant's limits on shared-key spend, as typed on the budgets page (blank: no limit, or the app's
/// default max tokens). A changed limit applies to the current UTC month at once; one below what the month has
/// already spent is refused.
/// </summary>
[RequireTenantRole(TenantRole.Admin)]
public sealed record SetBudgetLimitsCommand(string? MonthlyLimitUsd, string? MemberMonthlyLimitUsd, string? AlertPercent, string? DefaultMaxTokens)
    : ICommand<Result<BudgetLimitsOutcome>>;

/// <summary>Whether the save changed anything.</summary>
public sealed record BudgetLimitsOutcome(bool Changed);

public sealed class SetBudgetLimitsHandler(IAppDbContext db, ITenantContext tenantContext, IBudgetLimitRows rows, IAuditLog audit, TimeProvider clock)
    : ICommandHandler<SetBudgetLimitsCommand, Result<BudgetLimitsOutcome>>
{
    public async ValueTask<Result<BudgetLimitsOutcome>> Handle(SetBudgetLimitsCommand command, CancellationToken cancellationToken)
    {
        var tenantLimit = BudgetInput.Usd(command.MonthlyLimitUsd);
        var memberLimit = BudgetInput.Usd(command.MemberMonthlyLimitUsd);
        var alertPercent = BudgetInput.WholeNumber(command.AlertPercent)!.Value;
        var maxTokens = BudgetInput.WholeNumber(command.DefaultMaxTokens);
        var tenantId = tenantContext.TenantId!.Value;

        // Under the tenant's row lock, two admins saving at once (or an override saved meanwhile) take turns.
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        await rows.LockTenantAsync(cancellationToken);
        var tenant = await db.Tenants.SingleAsync(row => row.Id == tenantId, cancellationToken);
        var before = Describe(tenant);

        var changes = new List<BudgetLimitChange>();
        if (tenant.MonthlyLimitUsd != tenantLimit)
        {
            changes.Add(new BudgetLimitChange(null, tenantLimit));
        }

        if (tenant.MemberMonthlyLimitUsd != memberLimit)
        {
            var followers = await db.Memberships.Where(membership => membership.MonthlyLimitOverrideUsd == null)
                .Select(membership => membership.UserId).ToListAsync(cancellationToken);
            changes.AddRange(followers.Select(userId => new BudgetLimitChange(userId, memberLimit)));
        }

        var refusing = await MonthLimits.ApplyAsync(rows, BudgetMonth.Of(clock.GetUtcNow()), changes, cancellationToken);
        if (refusing.Count > 0)
        {
            return await RefusalAsync(refusing, cancellationToken);
        }

        tenant.SetBudgetLimits(tenantLimit, memberLimit, alertPercent);
        tenant.SetDefaultMaxTokens(maxTokens);
        var after = Describe(tenant);
        if (after == before)
        {
            return new BudgetLimitsOutcome(Changed: false);
        }

        audit.Record(AuditActions.BudgetLimitsUpdated, new AuditTarget("tenant", tenantId), "Changed the budget limits: " + Summary(before, after),
            new Dictionary<string, string?>
            {
                ["monthly_limit_usd"] = Amount(tenant.MonthlyLimitUsd),
                ["member_monthly_limit_usd"] = Amount(tenant.MemberMonthlyLimitUsd),
                ["alert_percent"] = tenant.BudgetAlertPercent.ToString(CultureInfo.InvariantCulture),
                ["default_max_tokens"] = tenant.DefaultMaxTokens?.ToString(CultureInfo.InvariantCulture),
            });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new BudgetLimitsOutcome(Changed: true);
    }

    /// <summary>Names the amounts that stand in the way, next to the field that asked for less.</summary>
    private async Task<Error> RefusalAsync(IReadOnlyList<BudgetStanding> refusing, CancellationToken cancellationToken)
    {
        var fields = new Dictionary<string, string[]>();
        if (refusing.FirstOrDefault(standing => standing.MemberUserId is null) is { } tenantRow)
        {
            fields[nameof(SetBudgetLimitsCommand.MonthlyLimitUsd)] =
            [
                $"The tenant has already spent {MonthLimits.SpentThisMonth(tenantRow)}; a limit {MonthLimits.Below(tenantRow)} is not possible. "
                + $"Enter {MonthLimits.Minimum(tenantRow)} or more, or leave it blank for no limit.",
            ];
        }

        if (refusing.FirstOrDefault(standing => standing.MemberUserId is not null) is { } memberRow)
        {
            var email = await db.Users.Where(user => user.Id == memberRow.MemberUserId).Select(user => user.Email).SingleAsync(cancellationToken);
            fields[nameof(SetBudgetLimitsCommand.MemberMonthlyLimitUsd)] =
            [
                $"{email} follows the default and has already spent {MonthLimits.SpentThisMonth(memberRow)}; a default {MonthLimits.Below(memberRow)} is not possible. "
                + $"Enter {MonthLimits.Minimum(memberRow)} or more, or first give {email} a limit of their own.",
            ];
        }

        var messages = fields.Values.SelectMany(message => message).ToList();
        return new Error(ErrorKind.Invalid, string.Join(" ", messages), fields);
    }

    private static LimitsText Describe(Tenant tenant) => new(
        tenant.MonthlyLimitUsd is { } limit ? BudgetInput.Text(limit) : "no limit",
        tenant.MemberMonthlyLimitUsd is { } member ? BudgetInput.Text(member) : "no limit",
        tenant.BudgetAlertPercent + "%",
        tenant.DefaultMaxTokens?.ToString("N0", CultureInfo.InvariantCulture) ?? "the app's default");

    private static string Summary(LimitsText before, LimitsText after)
    {
        var parts = new List<string>();
        Add("tenant limit", before.Tenant, after.Tenant);
        Add("member default", before.Member, after.Member);
        Add("alert at", before.Alert, after.Alert);
        Add("default max tokens", before.MaxTokens, after.MaxTokens);
        return string.Join(", ", parts) + ".";

        void Add(string what, string from, string to)
        {
            if (from != to)
            {
                parts.Add($"{what} {from} → {to}");
            }
        }
    }

    private static string? Amount(decimal? usd) => usd?.ToString("0.00####", CultureInfo.InvariantCulture);

    private sealed record LimitsText(string Tenant, string Member, string Alert, string MaxTokens);
}
