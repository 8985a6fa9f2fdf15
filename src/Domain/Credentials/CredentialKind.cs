namespace OpenRouterSaaS.Domain.Credentials;

/// <summary>Whose OpenRouter key a credential is, and what it is for.</summary>
public enum CredentialKind
{
    /// <summary>A member's own key, used for that member's calls in one tenant.</summary>
    Personal,

    /// <summary>The tenant's shared key, used for the calls of members who may use it.</summary>
    Shared,

    /// <summary>The tenant's management key: reads credits and activity and mints keys; never makes completions.</summary>
    Management,
}

public static class CredentialKinds
{
    /// <summary>The kind as a sentence names it: "shared key".</summary>
    public static string Name(this CredentialKind kind) => kind switch
    {
        CredentialKind.Shared => "shared key",
        CredentialKind.Management => "management key",
        _ => "personal key",
    };
}
