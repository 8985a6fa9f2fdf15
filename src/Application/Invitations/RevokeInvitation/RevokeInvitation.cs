using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Common.Security;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.Application.Invitations.RevokeInvitation;

/// <summary>Makes a pending invitation's link stop working.</summary>
[RequireTenantRole(TenantRole.Admin)]
public sealed record RevokeInvitationCommand(Guid InvitationId) : ICommand<Result>;

public sealed class RevokeInvitationHandler(IAppDbContext db, TimeProvider clock) : ICommandHandler<RevokeInvitationCommand, Result>
{
    public async ValueTask<Result> Handle(RevokeInvitationCommand command, CancellationToken cancellationToken)
    {
        var invitation = await db.Invitations.SingleOrDefaultAsync(invitation => invitation.Id == command.InvitationId, cancellationToken);
        if (invitation is null)
        {
            return Error.NotFound("That invitation was not found in this tenant.");
        }

        var result = invitation.Revoke(clock.GetUtcNow());
        if (result.IsSuccess)
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        return result;
    }
}
