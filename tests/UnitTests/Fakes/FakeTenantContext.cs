using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.UnitTests.Fakes;

internal sealed class FakeTenantContext : ITenantContext
{
    public Guid? TenantId { get; private set; }

    public string? Slug { get; private set; }

    public TenantRole? Role { get; private set; }

    public static FakeTenantContext None => new();

    public static FakeTenantContext As(TenantRole? role)
    {
        var context = new FakeTenantContext();
        context.Enter(Guid.CreateVersion7(), "acme", role);
        return context;
    }

    public void Enter(Guid tenantId, string slug, TenantRole? role)
    {
        TenantId = tenantId;
        Slug = slug;
        Role = role;
    }
}
