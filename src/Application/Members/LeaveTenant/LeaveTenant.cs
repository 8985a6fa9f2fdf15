using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Common.Security;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.Application.Members.LeaveTenant;

/// <summary>The signed-in person leaves the current tenant.</summary>
[RequireTenantRole(TenantRole.Member)]
public sealed record LeaveTenantCommand : ICommand<Result>;

public sealed class LeaveTenantHandler(IAppDbContext db, ITenantContext tenantContext, ICurrentUser currentUser) : ICommandHandler<LeaveTenantCommand, Result>
{
    public async ValueTask<Result> Handle(LeaveTenantCommand command, CancellationToken cancellationToken) =>
        await MembershipChanges.RunLockedAsync(db, tenantContext, async ownerCount =>
        {
            var userId = currentUser.RequiredUserId;
            var member = await db.Memberships.SingleOrDefaultAsync(membership => membership.UserId == userId, cancellationToken);
            if (member is null)
            {
                return MembershipChanges.MemberNotFound();
            }

            var check = OwnershipRules.CanStopBeingOwner(member, ownerCount);
            if (check.IsSuccess)
            {
                await MembershipChanges.RemoveAsync(db, member, cancellationToken);
            }

            return check;
        }, cancellationToken);
}
