using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Common.Security;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.Application.Invitations.CreateInvitation;

/// <summary>Invites a person by email to the current tenant. The link is emailed and also returned, once, for the admin to pass on.</summary>
[RequireTenantRole(TenantRole.Admin)]
public sealed record CreateInvitationCommand(string Email, TenantRole Role) : ICommand<Result<CreatedInvitation>>;

public sealed record CreatedInvitation(Guid Id, string Link, DateTimeOffset ExpiresAt);

public sealed class CreateInvitationHandler(
    IAppDbContext db, ITenantContext tenantContext, ICurrentUser currentUser, IEmailSender email, IAppLinks links, TimeProvider clock)
    : ICommandHandler<CreateInvitationCommand, Result<CreatedInvitation>>
{
    public async ValueTask<Result<CreatedInvitation>> Handle(CreateInvitationCommand command, CancellationToken cancellationToken)
    {
        if (command.Role == TenantRole.Owner && tenantContext.Role != TenantRole.Owner)
        {
            return Error.Forbidden("Only an owner can invite someone as an owner.");
        }

        var address = command.Email.Trim();
        var alreadyMember = await db.Memberships
            .Join(db.Users, membership => membership.UserId, user => user.Id, (membership, user) => user.Email)
            .AnyAsync(memberEmail => memberEmail.ToLower() == address.ToLower(), cancellationToken);
        if (alreadyMember)
        {
            return Error.InvalidField(nameof(command.Email), $"{address} is already a member of this tenant.");
        }

        var (token, hash) = OpaqueToken.Create();
        var invitation = new Invitation(tenantContext.TenantId!.Value, address, command.Role, hash, currentUser.RequiredUserId, clock.GetUtcNow(), Invitation.DefaultLifetime);
        db.Invitations.Add(invitation);
        await db.SaveChangesAsync(cancellationToken);

        var link = links.Invitation(token);
        var tenantName = await db.Tenants.Where(tenant => tenant.Id == invitation.TenantId).Select(tenant => tenant.Name).SingleAsync(cancellationToken);
        await email.SendAsync(new EmailMessage(
            address,
            $"You are invited to {tenantName} on OpenRouterSaaS",
            $"You have been invited to join {tenantName} as {command.Role}. Open the link to accept; it works once and expires on {invitation.ExpiresAt:yyyy-MM-dd HH:mm} UTC.",
            link), cancellationToken);
        return new CreatedInvitation(invitation.Id, link, invitation.ExpiresAt);
    }
}
