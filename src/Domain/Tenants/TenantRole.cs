namespace OpenRouterSaaS.Domain.Tenants;

/// <summary>A member's role in a tenant; a higher value includes every right of a lower one.</summary>
public enum TenantRole
{
    Member = 0,
    Admin = 1,
    Owner = 2,
}
