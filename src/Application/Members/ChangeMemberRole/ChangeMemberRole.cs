using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Common.Security;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.Application.Members.ChangeMemberRole;

/// <summary>Gives a member of the current tenant another role.</summary>
[RequireTenantRole(TenantRole.Admin)]
public sealed record ChangeMemberRoleCommand(Guid MembershipId, TenantRole Role) : ICommand<Result>;

public sealed class ChangeMemberRoleValidator : AbstractValidator<ChangeMemberRoleCommand>
{
    public ChangeMemberRoleValidator() => RuleFor(command => command.Role).IsInEnum().WithMessage("Choose Owner, Admin or Member.");
}

public sealed class ChangeMemberRoleHandler(IAppDbContext db, ITenantContext tenantContext) : ICommandHandler<ChangeMemberRoleCommand, Result>
{
    public async ValueTask<Result> Handle(ChangeMemberRoleCommand command, CancellationToken cancellationToken) =>
        await MembershipChanges.RunLockedAsync(db, tenantContext, async ownerCount =>
        {
            var member = await db.Memberships.SingleOrDefaultAsync(membership => membership.Id == command.MembershipId, cancellationToken);
            if (member is null)
            {
                return MembershipChanges.MemberNotFound();
            }

            if (member.Role == command.Role)
            {
                return Result.Success();
            }

            var check = MembershipChanges.CheckOwnerRights(tenantContext, member, command.Role);
            if (check.IsSuccess && command.Role != TenantRole.Owner)
            {
                check = OwnershipRules.CanStopBeingOwner(member, ownerCount);
            }

            if (check.IsSuccess)
            {
                member.ChangeRole(command.Role);
            }

            return check;
        }, cancellationToken);
}
