using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Common.Security;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.Application.Privacy.GetPrivacy;

/// <summary>The current tenant's privacy settings, for its admins.</summary>
[RequireTenantRole(TenantRole.Admin)]
public sealed record GetPrivacyQuery : IQuery<PrivacySettings>;

/// <param name="RequiresZeroDataRetention">Every call of the tenant runs under zero data retention.</param>
public sealed record PrivacySettings(bool RequiresZeroDataRetention);

public sealed class GetPrivacyHandler(IAppDbContext db, ITenantContext tenantContext) : IQueryHandler<GetPrivacyQuery, PrivacySettings>
{
    public async ValueTask<PrivacySettings> Handle(GetPrivacyQuery query, CancellationToken cancellationToken) =>
        await db.Tenants.Where(tenant => tenant.Id == tenantContext.TenantId)
            .Select(tenant => new PrivacySettings(tenant.RequiresZeroDataRetention))
            .SingleAsync(cancellationToken);
}
