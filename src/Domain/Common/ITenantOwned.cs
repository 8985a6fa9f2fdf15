namespace OpenRouterSaaS.Domain.Common;

/// <summary>Data that belongs to exactly one tenant and must never be seen from another.</summary>
public interface ITenantOwned
{
    Guid TenantId { get; }
}
