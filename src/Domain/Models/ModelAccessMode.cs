namespace OpenRouterSaaS.Domain.Models;

/// <summary>How a tenant's allow-list starts: from nothing (only what it lists) or from everything.</summary>
public enum ModelAccessMode
{
    /// <summary>Only models that an allow pattern matches.</summary>
    AllowListed = 0,

    /// <summary>Every model in the catalogue, <c>openrouter/auto</c> included.</summary>
    AllowAll = 1,
}
