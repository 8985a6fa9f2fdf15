namespace OpenRouterSaaS.Domain.Credentials;

/// <summary>What OpenRouter said about a stored key the last time it was asked (<c>GET /key</c>).</summary>
public enum KeyStatus
{
    /// <summary>OpenRouter accepted the key.</summary>
    Verified,

    /// <summary>Saved while OpenRouter could not be reached, at the saver's request; not yet checked.</summary>
    Unverified,

    /// <summary>OpenRouter rejected the key when it was checked again (deleted, disabled or expired there).</summary>
    Rejected,
}
