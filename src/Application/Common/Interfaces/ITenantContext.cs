using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.Application.Common.Interfaces;

/// <summary>The tenant the current request or job acts in; tenant-owned data is filtered and stamped with it.</summary>
public interface ITenantContext
{
    Guid? TenantId { get; }

    string? Slug { get; }

    /// <summary>The signed-in person's role in the tenant, or null for system work.</summary>
    TenantRole? Role { get; }

    /// <summary>Makes <paramref name="tenantId"/> the current tenant for the rest of this scope.</summary>
    void Enter(Guid tenantId, string slug, TenantRole? role);
}
