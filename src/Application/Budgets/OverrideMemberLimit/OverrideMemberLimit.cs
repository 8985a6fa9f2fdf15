using System.Globalization;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Common.Security;
using OpenRouterSaaS.Application.Members;
using OpenRouterSaaS.Domain.Audit;
using OpenRouterSaaS.Domain.Budgets;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.Application.Budgets.OverrideMemberLimit;

/// <summary>
/// Gives one member of the current tenant a monthly limit of their own (as typed), or with a null
/// <see cref="LimitUsd"/> makes them follow the tenant's default again. Applies to the current UTC month at once; a
/// limit below what the member has already spent this month is refused.
/// </summary>
[RequireTenantRole(TenantRole.Admin)]
public sealed record OverrideMemberLimitCommand(Guid MembershipId, string? LimitUsd) : ICommand<Result>;

public sealed class OverrideMemberLimitHandler(IAppDbContext db, ITenantContext tenantContext, IBudgetLimitRows rows, IAuditLog audit, TimeProvider clock)
    : ICommandHandler<OverrideMemberLimitCommand, Result>
{
    public async ValueTask<Result> Handle(OverrideMemberLimitCommand command, CancellationToken cancellationToken)
    {
        var limit = command.LimitUsd is null ? null : BudgetInput.Usd(command.LimitUsd);
        var tenantId = tenantContext.TenantId!.Value;

        // The tenant's row lock makes this wait for a change of the default that is being saved, and the other way round.
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        await rows.LockTenantAsync(cancellationToken);
        var member = await db.Memberships.SingleOrDefaultAsync(membership => membership.Id == command.MembershipId, cancellationToken);
        if (member is null)
        {
            return MembershipChanges.MemberNotFound();
        }

        var tenant = await db.Tenants.SingleAsync(row => row.Id == tenantId, cancellationToken);
        var email = await db.Users.Where(user => user.Id == member.UserId).Select(user => user.Email).SingleAsync(cancellationToken);
        var before = member.MonthlyLimitUsd(tenant);
        var after = limit ?? tenant.MemberMonthlyLimitUsd;
        var changes = before == after ? [] : new[] { new BudgetLimitChange(member.UserId, after) };
        var refusing = await MonthLimits.ApplyAsync(rows, BudgetMonth.Of(clock.GetUtcNow()), changes, cancellationToken);
        if (refusing.Count > 0)
        {
            var standing = refusing[0];
            return Error.InvalidField(nameof(OverrideMemberLimitCommand.LimitUsd), limit is null
                ? $"{email} has already spent {MonthLimits.SpentThisMonth(standing)}, more than the default of {BudgetInput.Text(after!.Value)} "
                  + $"they would follow. Raise the default first, or keep a limit of their own of {MonthLimits.Minimum(standing)} or more."
                : $"{email} has already spent {MonthLimits.SpentThisMonth(standing)}; a limit {MonthLimits.Below(standing)} is not possible. "
                  + $"Enter {MonthLimits.Minimum(standing)} or more.");
        }

        var overrideBefore = member.MonthlyLimitOverrideUsd;
        member.OverrideMonthlyLimit(limit);
        if (overrideBefore == limit)
        {
            return Result.Success();
        }

        audit.Record(AuditActions.MemberBudgetLimitChanged, new AuditTarget("membership", member.Id),
            limit is { } own
                ? $"Set the monthly limit of {email} to {BudgetInput.Text(own)}"
                : $"Made {email} follow the default monthly limit ({(tenant.MemberMonthlyLimitUsd is { } fallback ? BudgetInput.Text(fallback) : "no limit")})",
            new Dictionary<string, string?>
            {
                ["before"] = overrideBefore?.ToString(CultureInfo.InvariantCulture),
                ["after"] = limit?.ToString(CultureInfo.InvariantCulture),
            });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Result.Success();
    }
}

public sealed class OverrideMemberLimitValidator : AbstractValidator<OverrideMemberLimitCommand>
{
    public OverrideMemberLimitValidator() =>
        RuleFor(command => command.LimitUsd).Limit("the member's monthly limit", blankMeans: null).When(command => command.LimitUsd is not null);
}
