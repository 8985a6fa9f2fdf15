using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.Infrastructure.Tenancy;

/// <summary>Scoped holder of the current tenant, filled by the web middleware or by a background job.</summary>
public sealed class TenantContext : ITenantContext
{
    public Guid? TenantId { get; private set; }

    public string? Slug { get; private set; }

    public TenantRole? Role { get; private set; }

    public void Enter(Guid tenantId, string slug, TenantRole? role)
    {
        if (TenantId is { } current && current != tenantId)
        {
            throw new InvalidOperationException("This scope already acts in another tenant; open a new scope per tenant.");
        }

        TenantId = tenantId;
        Slug = slug;
        Role = role;
    }
}
