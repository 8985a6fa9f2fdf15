using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenRouterSaaS.Application.Common;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Common.Security;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.Application.Tenants.GetMyTenants;

/// <summary>The tenants the signed-in person belongs to, with their role in each, by name.</summary>
[RequireSignedIn]
public sealed record GetMyTenantsQuery : IQuery<Result<IReadOnlyList<MyTenant>>>;

public sealed record MyTenant(string Slug, string Name, TenantRole Role);

public sealed class GetMyTenantsHandler(IAppDbContext db, ICurrentUser currentUser) : IQueryHandler<GetMyTenantsQuery, Result<IReadOnlyList<MyTenant>>>
{
    public async ValueTask<Result<IReadOnlyList<MyTenant>>> Handle(GetMyTenantsQuery query, CancellationToken cancellationToken)
    {
        var userId = currentUser.RequiredUserId;

        // Crosses tenants on purpose: the predicate on UserId keeps it to the person's own memberships.
        var tenants = await db.Memberships.IgnoreQueryFilters([QueryFilters.Tenant])
            .Where(membership => membership.UserId == userId)
            .Join(db.Tenants, membership => membership.TenantId, tenant => tenant.Id, (membership, tenant) => new { tenant.Slug, tenant.Name, membership.Role })
            // Sort before building the record: EF Core cannot translate ordering by a member of a constructed record.
            .OrderBy(row => row.Name)
            .Select(row => new MyTenant(row.Slug, row.Name, row.Role))
            .ToListAsync(cancellationToken);
        return tenants;
    }
}
