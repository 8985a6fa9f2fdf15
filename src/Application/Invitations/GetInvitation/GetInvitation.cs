using Mediator;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.Application.Invitations.GetInvitation;

/// <summary>What the invitation link shows before the person accepts: which tenant, which role, and whether it can still be used.</summary>
public sealed record GetInvitationQuery(string Token) : IQuery<Result<InvitationDetails>>;

public sealed record InvitationDetails(string TenantName, string Email, TenantRole Role, DateTimeOffset ExpiresAt, InvitationStatus Status);

public sealed class GetInvitationHandler(IAppDbContext db, TimeProvider clock) : IQueryHandler<GetInvitationQuery, Result<InvitationDetails>>
{
    public async ValueTask<Result<InvitationDetails>> Handle(GetInvitationQuery query, CancellationToken cancellationToken)
    {
        if (await InvitationLookup.FindAsync(db, query.Token, cancellationToken) is not var (invitation, tenant))
        {
            return Error.NotFound(InvitationLookup.NotFoundMessage);
        }

        return new InvitationDetails(tenant.Name, invitation.Email, invitation.Role, invitation.ExpiresAt, invitation.StatusAt(clock.GetUtcNow()));
    }
}
