using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OpenRouterSaaS.Infrastructure.Identity;

namespace OpenRouterSaaS.Web.Areas.Identity.Pages.Account;

public sealed class ForgotPasswordModel(UserManager<ApplicationUser> users, AccountEmails emails) : PageModel
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

        // The next page reads the same whether or not the account exists.
        var email = Input.Email.Trim();
        if (await users.FindByEmailAsync(email) is { } user)
        {
            await emails.SendPasswordResetAsync(user, cancellationToken);
        }

        return RedirectToPage("./ForgotPasswordConfirmation", new { email });
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
