using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Common.Security;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.Application.Members.RemoveMember;

/// <summary>Takes a person out of the current tenant.</summary>
[RequireTenantRole(TenantRole.Admin)]
public sealed record RemoveMemberCommand(Guid MembershipId) : ICommand<Result>;

public sealed class RemoveMemberHandler(IAppDbContext db, ITenantContext tenantContext) : ICommandHandler<RemoveMemberCommand, Result>
{
    public async ValueTask<Result> Handle(RemoveMemberCommand command, CancellationToken cancellationToken) =>
        await MembershipChanges.RunLockedAsync(db, tenantContext, async ownerCount =>
        {
            var member = await db.Memberships.SingleOrDefaultAsync(membership => membership.Id == command.MembershipId, cancellationToken);
            if (member is null)
            {
                return MembershipChanges.MemberNotFound();
            }

            var check = MembershipChanges.CheckOwnerRights(tenantContext, member, newRole: null);
            if (check.IsSuccess)
            {
                check = OwnershipRules.CanStopBeingOwner(member, ownerCount);
            }

            if (check.IsSuccess)
            {
                await MembershipChanges.RemoveAsync(db, member, cancellationToken);
            }

            return check;
        }, cancellationToken);
}
