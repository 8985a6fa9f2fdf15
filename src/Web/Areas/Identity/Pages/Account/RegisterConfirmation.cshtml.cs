using Microsoft.AspNetCore.Mvc;

namespace OpenRouterSaaS.Web.Areas.Identity.Pages.Account;

/// <summary>"Check your email", after registering or asking for the confirmation email again. Says the same whether or not the account exists.</summary>
public sealed class RegisterConfirmationModel(AccountEmails emails) : ReturnUrlPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Email { get; set; }

    public DevelopmentMailboxLink DevelopmentLink { get; private set; } = null!;

    public void OnGet() =>
        DevelopmentLink = new(emails.LatestConfirmationLink(Email), "confirm-link", "Open this link to confirm the address:");
}
