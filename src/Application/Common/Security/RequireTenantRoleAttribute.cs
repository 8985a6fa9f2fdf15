using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.Application.Common.Security;

/// <summary>The request acts in the current tenant and needs at least <see cref="Role"/> there.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class RequireTenantRoleAttribute(TenantRole role) : Attribute
{
    public TenantRole Role { get; } = role;
}

/// <summary>The request needs a signed-in person but no particular tenant.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class RequireSignedInAttribute : Attribute;
