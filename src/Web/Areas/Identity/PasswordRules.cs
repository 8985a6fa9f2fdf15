using Microsoft.AspNetCore.Identity;

namespace OpenRouterSaaS.Web.Areas.Identity;

/// <summary>The password policy configured for Identity, said in one sentence for the forms that set a password.</summary>
public static class PasswordRules
{
    public static string Describe(PasswordOptions options)
    {
        var including = new List<string>();
        if (options.RequireUppercase)
        {
            including.Add("an uppercase letter");
        }

        if (options.RequireLowercase)
        {
            including.Add("a lowercase letter");
        }

        if (options.RequireDigit)
        {
            including.Add("a digit");
        }

        if (options.RequireNonAlphanumeric)
        {
            including.Add("a symbol");
        }

        var length = $"At least {options.RequiredLength} characters";
        return including.Count switch
        {
            0 => $"{length}.",
            1 => $"{length}, including {including[0]}.",
            _ => $"{length}, including {string.Join(", ", including[..^1])} and {including[^1]}.",
        };
    }
}
