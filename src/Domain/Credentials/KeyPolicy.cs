namespace OpenRouterSaaS.Domain.Credentials;

/// <summary>A tenant's rule for which key pays for a member's call.</summary>
public enum KeyPolicy
{
    /// <summary>The member's own key when they have a usable one, otherwise the shared key (the default).</summary>
    PersonalFirst = 0,

    /// <summary>Only the member's own key; the shared key is never used.</summary>
    PersonalOnly = 1,

    /// <summary>Only the tenant's shared key; members' own keys are not used in this tenant.</summary>
    SharedOnly = 2,
}

public static class KeyPolicies
{
    /// <summary>The policy as an admin picks it.</summary>
    public static string Title(this KeyPolicy policy) => policy switch
    {
        KeyPolicy.PersonalOnly => "Personal keys only",
        KeyPolicy.SharedOnly => "Shared key only",
        _ => "Personal key first, then the shared key",
    };

    /// <summary>The policy as a member reads it on their keys page.</summary>
    public static string Describe(this KeyPolicy policy) => policy switch
    {
        KeyPolicy.PersonalOnly => "This tenant uses only your own key: without one, your calls are refused.",
        KeyPolicy.SharedOnly => "This tenant uses only its shared key: your own key is not used here.",
        _ => "This tenant uses your own key first, then the shared key.",
    };
}
