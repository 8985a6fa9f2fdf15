using System.Text.RegularExpressions;

namespace OpenRouterSaaS.Domain.Tenants;

/// <summary>The rules for a tenant's URL name: <c>/t/{slug}</c>.</summary>
public static partial class TenantSlug
{
    public const int MinLength = 3;
    public const int MaxLength = 40;

    /// <summary>Words that name parts of the site or could be mistaken for them.</summary>
    public static readonly IReadOnlySet<string> Reserved = new HashSet<string>(StringComparer.Ordinal)
    {
        "admin", "administrator", "api", "app", "account", "accounts", "auth", "billing", "dashboard",
        "docs", "help", "healthz", "identity", "invitations", "invite", "login", "logout", "new",
        "openrouter", "readyz", "register", "root", "settings", "signin", "signout", "signup", "static",
        "status", "support", "system", "t", "tenant", "tenants", "www",
    };

    /// <summary>Returns why <paramref name="slug"/> cannot be used, or null when it can.</summary>
    public static string? Problem(string? slug)
    {
        if (string.IsNullOrEmpty(slug))
        {
            return "Enter a slug.";
        }

        if (slug.Length is < MinLength or > MaxLength)
        {
            return $"The slug must be {MinLength} to {MaxLength} characters long.";
        }

        if (!Shape().IsMatch(slug))
        {
            return "Use only lowercase letters, digits and single hyphens, starting and ending with a letter or digit.";
        }

        return Reserved.Contains(slug) ? $"\"{slug}\" is reserved; choose another slug." : null;
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
