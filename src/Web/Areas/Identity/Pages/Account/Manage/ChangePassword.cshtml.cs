using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using OpenRouterSaaS.Infrastructure.Identity;

namespace OpenRouterSaaS.Web.Areas.Identity.Pages.Account.Manage;

public sealed class ChangePasswordModel(UserManager<ApplicationUser> users, SignInManager<ApplicationUser> signIn) : ManagePageModel(users)
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync() => await CurrentUserAsync() is null ? Challenge() : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (await CurrentUserAsync() is not { } user)
        {
            return Challenge();
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var changed = await Users.ChangePasswordAsync(user, Input.OldPassword, Input.NewPassword);
        if (!changed.Succeeded)
        {
            changed.AddTo(ModelState, passwordField: "Input.NewPassword");
            return Page();
        }

        // The password change renewed the security stamp; renew this browser's cookie so it stays signed in.
        await signIn.RefreshSignInAsync(user);
        TempData.SetStatus("Your password has been changed.");
        return RedirectToPage();
    }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your current password.")]
        [StringLength(FieldMessages.PasswordMaxLength, ErrorMessage = FieldMessages.PasswordTooLong)]
        [DataType(DataType.Password)]
        [Display(Name = "Current password")]
        public string OldPassword { get; set; } = "";

        [Required(ErrorMessage = FieldMessages.NewPasswordRequired)]
        [StringLength(FieldMessages.PasswordMaxLength, ErrorMessage = FieldMessages.PasswordTooLong)]
        [DataType(DataType.Password)]
        [Display(Name = "New password")]
        public string NewPassword { get; set; } = "";

        [Required(ErrorMessage = FieldMessages.ConfirmPasswordRequired)]
        [Compare(nameof(NewPassword), ErrorMessage = FieldMessages.PasswordsDoNotMatch)]
        [DataType(DataType.Password)]
        [Display(Name = "Confirm new password")]
        public string ConfirmPassword { get; set; } = "";
    }
}
