using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenRouterSaaS.Application.Common.Exceptions;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Common.Security;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.Application.Invitations.AcceptInvitation;

/// <summary>The signed-in person accepts an invitation and becomes a member; returns the tenant's slug.</summary>
[RequireSignedIn]
public sealed record AcceptInvitationCommand(string Token) : ICommand<Result<string>>;

public sealed class AcceptInvitationHandler(IAppDbContext db, ITenantContext tenantContext, ICurrentUser currentUser, TimeProvider clock)
    : ICommandHandler<AcceptInvitationCommand, Result<string>>
{
    public async ValueTask<Result<string>> Handle(AcceptInvitationCommand command, CancellationToken cancellationToken)
    {
        if (await InvitationLookup.FindAsync(db, command.Token, cancellationToken) is not var (invitation, tenant))
        {
            return Error.NotFound(InvitationLookup.NotFoundMessage);
        }

        var userId = currentUser.RequiredUserId;
        var now = clock.GetUtcNow();
        var accepted = invitation.Accept(userId, currentUser.Email ?? "", now);
        if (!accepted.IsSuccess)
        {
            return accepted.Error!;
        }

        tenantContext.Enter(tenant.Id, tenant.Slug, role: null);
        if (await db.Memberships.AnyAsync(membership => membership.UserId == userId, cancellationToken))
        {
            return Error.Conflict($"You are already a member of {tenant.Name}.");
        }

        db.Memberships.Add(new Membership(tenant.Id, userId, invitation.Role, now));
        try
        {
            // The invitation row carries a concurrency token, so two people racing with one link cannot both get in.
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is DuplicateKeyException or DbUpdateConcurrencyException)
        {
            return Error.Conflict("This invitation has already been used.");
        }

        return tenant.Slug;
    }
}
