using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Infrastructure.Email;
using OpenRouterSaaS.Infrastructure.Identity;
using OpenRouterSaaS.Web.Identity;

namespace OpenRouterSaaS.Web.Areas.Identity;

/// <summary>
/// The two emails an account receives (confirm the address, reset the password), and, while the app uses the
/// development mailbox instead of SMTP, the latest link of each kind so the page can show it.
/// </summary>
public sealed class AccountEmails(
    UserManager<ApplicationUser> users,
    IEmailSender email,
    WebAppLinks links,
    IHostEnvironment environment,
    DevelopmentMailbox? mailbox = null)
{
    private const string ConfirmationSubject = "Confirm your email address for OpenRouterSaaS";
    private const string PasswordResetSubject = "Reset your OpenRouterSaaS password";

    public async Task SendConfirmationAsync(ApplicationUser user, string? returnUrl, CancellationToken cancellationToken)
    {
        var code = Encode(await users.GenerateEmailConfirmationTokenAsync(user));
        var link = links.Page("/Account/ConfirmEmail", new { area = "Identity", userId = user.Id, code, returnUrl });
        await email.SendAsync(new EmailMessage(
            user.Email!,
            ConfirmationSubject,
            "Welcome to OpenRouterSaaS. Open the link to confirm your email address, then sign in.",
            link), cancellationToken);
    }

    public async Task SendPasswordResetAsync(ApplicationUser user, CancellationToken cancellationToken)
    {
        var code = Encode(await users.GeneratePasswordResetTokenAsync(user));
        var link = links.Page("/Account/ResetPassword", new { area = "Identity", code, email = user.Email });
        await email.SendAsync(new EmailMessage(
            user.Email!,
            PasswordResetSubject,
            "Someone asked to reset the password of your OpenRouterSaaS account. If it was you, open the link to choose a new password. If it was not, ignore this email: your password stays as it is.",
            link), cancellationToken);
    }

    /// <summary>The link of the latest confirmation email to <paramref name="address"/>, when the development mailbox holds it.</summary>
    public string? LatestConfirmationLink(string? address) => LatestLink(address, ConfirmationSubject);

    /// <summary>The link of the latest password reset email to <paramref name="address"/>, when the development mailbox holds it.</summary>
    public string? LatestPasswordResetLink(string? address) => LatestLink(address, PasswordResetSubject);

    /// <summary>Identity's tokens contain characters that do not survive a URL; the standard Identity UI encodes them the same way.</summary>
    public static string Encode(string token) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));

    /// <summary>The token inside an emailed link, or null when the link was cut or altered.</summary>
    public static string? Decode(string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code.Trim()));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    // The development mailbox is readable by anyone who can type an address into the page, so it is never
    // shown in Production, even when a production deployment forgot to configure SMTP.
    private string? LatestLink(string? address, string subject) =>
        mailbox is null || environment.IsProduction() || string.IsNullOrWhiteSpace(address)
            ? null
            : mailbox.For(address.Trim()).FirstOrDefault(sent => sent.Message.Subject == subject)?.Message.ActionUrl;
}
