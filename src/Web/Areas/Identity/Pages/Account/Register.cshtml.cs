using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using OpenRouterSaaS.Infrastructure.Identity;

namespace OpenRouterSaaS.Web.Areas.Identity.Pages.Account;

public sealed class RegisterModel(UserManager<ApplicationUser> users, AccountEmails emails, TimeProvider clock) : ReturnUrlPageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var email = Input.Email.Trim();
        var user = new ApplicationUser
        {
            UserName = email,
            Email = email,
            DisplayName = string.IsNullOrWhiteSpace(Input.DisplayName) ? null : Input.DisplayName.Trim(),
            CreatedAt = clock.GetUtcNow(),
        };
        var created = await users.CreateAsync(user, Input.Password);
        if (!created.Succeeded)
        {
            created.AddTo(ModelState);
            return Page();
        }

        await emails.SendConfirmationAsync(user, ReturnUrl, cancellationToken);
        return RedirectToPage("./RegisterConfirmation", new { email, returnUrl = ReturnUrl });
    }

    public sealed class InputModel
    {
        [Required(ErrorMessage = FieldMessages.EmailRequired)]
        [EmailAddress(ErrorMessage = FieldMessages.EmailInvalid)]
        [StringLength(FieldMessages.EmailMaxLength, ErrorMessage = FieldMessages.EmailTooLong)]
        [Display(Name = "Email")]
        public string Email { get; set; } = "";

        [StringLength(ApplicationUser.DisplayNameMaxLength, ErrorMessage = FieldMessages.DisplayNameTooLong)]
        [Display(Name = "Your name (optional)")]
        public string? DisplayName { get; set; }

        [Required(ErrorMessage = FieldMessages.NewPasswordRequired)]
        [StringLength(FieldMessages.PasswordMaxLength, ErrorMessage = FieldMessages.PasswordTooLong)]
        [DataType(DataType.Password)]
        [Display(Name = "Password")]
        public string Password { get; set; } = "";

        [Required(ErrorMessage = FieldMessages.ConfirmPasswordRequired)]
        [Compare(nameof(Password), ErrorMessage = FieldMessages.PasswordsDoNotMatch)]
        [DataType(DataType.Password)]
        [Display(Name = "Confirm password")]
        public string ConfirmPassword { get; set; } = "";
    }
}
