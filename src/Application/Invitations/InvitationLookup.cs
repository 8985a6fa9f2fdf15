using Microsoft.EntityFrameworkCore;
using OpenRouterSaaS.Application.Common;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Common.Security;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.Application.Invitations;

internal static class InvitationLookup
{
    public const string NotFoundMessage = "This invitation link is not valid. Check that you copied the whole link.";

    /// <summary>
    /// Finds an invitation by the token in its link. The person opening it is not a member yet, so this
    /// crosses tenants on purpose; the token's hash is the predicate.
    /// </summary>
    public static Task<(Invitation Invitation, Tenant Tenant)?> FindAsync(IAppDbContext db, string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 100)
        {
            return Task.FromResult<(Invitation, Tenant)?>(null);
        }

        var hash = OpaqueToken.Hash(token.Trim());
        return db.Invitations.IgnoreQueryFilters([QueryFilters.Tenant])
            .Where(invitation => invitation.TokenHash == hash)
            .Join(db.Tenants, invitation => invitation.TenantId, tenant => tenant.Id, (invitation, tenant) => new { invitation, tenant })
            .Select(pair => ((Invitation, Tenant)?)ValueTuple.Create(pair.invitation, pair.tenant))
            .SingleOrDefaultAsync(cancellationToken);
    }
}
