using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Common.Security;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.Application.Tenants.GetTenantDashboard;

/// <summary>What a member sees first in a tenant.</summary>
[RequireTenantRole(TenantRole.Member)]
public sealed record GetTenantDashboardQuery : IQuery<Result<TenantDashboard>>;

public sealed record TenantDashboard(string Slug, string Name, TenantRole MyRole, int MemberCount, int PendingInvitationCount, DateTimeOffset CreatedAt);

public sealed class GetTenantDashboardHandler(IAppDbContext db, ITenantContext tenantContext, TimeProvider clock)
    : IQueryHandler<GetTenantDashboardQuery, Result<TenantDashboard>>
{
    public async ValueTask<Result<TenantDashboard>> Handle(GetTenantDashboardQuery query, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var tenant = await db.Tenants.SingleAsync(tenant => tenant.Id == tenantContext.TenantId, cancellationToken);
        var memberCount = await db.Memberships.CountAsync(cancellationToken);
        var pendingInvitations = await db.Invitations.CountAsync(
            invitation => invitation.AcceptedAt == null && invitation.RevokedAt == null && invitation.ExpiresAt > now, cancellationToken);
        return new TenantDashboard(tenant.Slug, tenant.Name, tenantContext.Role!.Value, memberCount, pendingInvitations, tenant.CreatedAt);
    }
}
