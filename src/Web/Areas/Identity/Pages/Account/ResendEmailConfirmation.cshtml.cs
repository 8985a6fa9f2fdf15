using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using OpenRouterSaaS.Infrastructure.Identity;

namespace OpenRouterSaaS.Web.Areas.Identity.Pages.Account;

public sealed class ResendEmailConfirmationModel(UserManager<ApplicationUser> users, AccountEmails emails) : ReturnUrlPageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public void OnGet(string? email) => Input.Email = email ?? "";

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        // The next page reads the same whatever happened here, so it never tells who has an account.
        var email = Input.Email.Trim();
        if (await users.FindByEmailAsync(email) is { EmailConfirmed: false } user)
        {
            await emails.SendConfirmationAsync(user, ReturnUrl, cancellationToken);
        }

        return RedirectToPage("./RegisterConfirmation", new { email, returnUrl = ReturnUrl });
    }

    public sealed class InputModel
    {
        [Required(ErrorMessage = FieldMessages.EmailRequired)]
        [EmailAddress(ErrorMessage = FieldMessages.EmailInvalid)]
        [StringLength(FieldMessages.EmailMaxLength, ErrorMessage = FieldMessages.EmailTooLong)]
        [Display(Name = "Email")]
        public string Email { get; set; } = "";
    }
}
