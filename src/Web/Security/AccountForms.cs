namespace OpenRouterSaaS.Web.Security;

/// <summary>The account forms whose posts are limited per client IP address: each is a way to guess a password or a code, or to make the site send email.</summary>
internal static class AccountForms
{
    private static readonly Dictionary<string, string> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["/Identity/Account/Login"] = "sign-in",
        ["/Identity/Account/LoginWith2fa"] = "two-factor sign-in",
        ["/Identity/Account/LoginWithRecoveryCode"] = "recovery code sign-in",
        ["/Identity/Account/Register"] = "registration",
        ["/Identity/Account/ResendEmailConfirmation"] = "confirmation email",
        ["/Identity/Account/ForgotPassword"] = "password reset request",
        ["/Identity/Account/ResetPassword"] = "password reset",
    };

    /// <summary>The form's name as a message says it ("sign-in"), or null when <paramref name="path"/> is not a limited account form.</summary>
    public static string? NameOf(string? path) =>
        path is not null && Names.TryGetValue(path.TrimEnd('/'), out var name) ? name : null;
}
