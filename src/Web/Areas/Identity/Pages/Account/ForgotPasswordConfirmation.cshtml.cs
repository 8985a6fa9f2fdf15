using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace OpenRouterSaaS.Web.Areas.Identity.Pages.Account;

public sealed class ForgotPasswordConfirmationModel(AccountEmails emails) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Email { get; set; }

    public DevelopmentMailboxLink DevelopmentLink { get; private set; } = null!;

    public void OnGet() =>
        DevelopmentLink = new(emails.LatestPasswordResetLink(Email), "reset-link", "Open this link to choose a new password:");
}
