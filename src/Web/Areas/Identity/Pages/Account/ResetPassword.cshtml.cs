using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OpenRouterSaaS.Infrastructure.Identity;

namespace OpenRouterSaaS.Web.Areas.Identity.Pages.Account;

public sealed class ResetPasswordModel(UserManager<ApplicationUser> users) : PageModel
{
    // One message for a wrong address and a bad link, so the form never tells who has an account.
    private const string LinkDoesNotMatch = "This reset link is not valid for that email address, or it has expired. Check the address, or ask for a new link.";

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public bool LinkIncomplete { get; private set; }

    public void OnGet(string? code, string? email)
    {
        LinkIncomplete = string.IsNullOrWhiteSpace(code);
        Input.Code = code ?? "";
        Input.Email = email ?? "";
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var token = AccountEmails.Decode(Input.Code);
        if (token is null || await users.FindByEmailAsync(Input.Email.Trim()) is not { } user)
        {
            ModelState.AddModelError(string.Empty, LinkDoesNotMatch);
            return Page();
        }

        var reset = await users.ResetPasswordAsync(user, token, Input.Password);
        if (!reset.Succeeded)
        {
            if (reset.Errors.Any(error => error.Code == nameof(IdentityErrorDescriber.InvalidToken)))
            {
                ModelState.AddModelError(string.Empty, LinkDoesNotMatch);
            }
            else
            {
                reset.AddTo(ModelState);
            }

            return Page();
        }

        await AfterResetAsync(user);
        return RedirectToPage("./ResetPasswordConfirmation");
    }

    // The link reached this person's inbox and they chose a new password: that proves the address, and ends a
    // lockout that the old, forgotten password caused.
    private async Task AfterResetAsync(ApplicationUser user)
    {
        if (!user.EmailConfirmed)
        {
            user.EmailConfirmed = true;
            await users.UpdateAsync(user);
        }

        if (await users.IsLockedOutAsync(user))
        {
            await users.SetLockoutEndDateAsync(user, null);
        }

        await users.ResetAccessFailedCountAsync(user);
    }

    public sealed class InputModel
    {
        [Required(ErrorMessage = FieldMessages.EmailRequired)]
        [EmailAddress(ErrorMessage = FieldMessages.EmailInvalid)]
        [StringLength(FieldMessages.EmailMaxLength, ErrorMessage = FieldMessages.EmailTooLong)]
        [Display(Name = "Email")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = FieldMessages.NewPasswordRequired)]
        [StringLength(FieldMessages.PasswordMaxLength, ErrorMessage = FieldMessages.PasswordTooLong)]
        [DataType(DataType.Password)]
        [Display(Name = "New password")]
        public string Password { get; set; } = "";

        [Required(ErrorMessage = FieldMessages.ConfirmPasswordRequired)]
        [Compare(nameof(Password), ErrorMessage = FieldMessages.PasswordsDoNotMatch)]
        [DataType(DataType.Password)]
        [Display(Name = "Confirm new password")]
        public string ConfirmPassword { get; set; } = "";

        [Required(ErrorMessage = "This reset link is incomplete. Open the link from the email again, or ask for a new one.")]
        public string Code { get; set; } = "";
    }
}
