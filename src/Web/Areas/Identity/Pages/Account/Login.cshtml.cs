using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OpenRouterSaaS.Infrastructure.Identity;

namespace OpenRouterSaaS.Web.Areas.Identity.Pages.Account;

public sealed class LoginModel(SignInManager<ApplicationUser> signIn) : ReturnUrlPageModel
{
    public const string InvalidCredentials = "Invalid email or password.";

    [BindProperty]
    public InputModel Input { get; set; } = new();

    /// <summary>The password was right but the address is not confirmed yet: the page offers to resend the email.</summary>
    public bool EmailNotConfirmed { get; private set; }

    public void OnGet(string? email) => Input.Email = email ?? "";

    public async Task<IActionResult> OnPostAsync()
    {
        ModelState.ForgetUnreadable($"{nameof(Input)}.{nameof(Input.RememberMe)}");
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = await signIn.UserManager.FindByEmailAsync(Input.Email.Trim());
        if (user is null)
        {
            return Invalid();
        }

        var result = await signIn.PasswordSignInAsync(user, Input.Password, Input.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return RedirectToReturnUrl();
        }

        if (result.RequiresTwoFactor)
        {
            return RedirectToPage("./LoginWith2fa", new { returnUrl = ReturnUrl, rememberMe = Input.RememberMe });
        }

        if (result.IsLockedOut)
        {
            return RedirectToPage("./Lockout");
        }

        return result.IsNotAllowed ? await NotAllowedAsync(user) : Invalid();
    }

    // Identity answers NotAllowed before it looks at the password, which would tell anyone that an unconfirmed
    // account exists. Only someone who knows the password learns that; a wrong one counts towards lockout as usual.
    private async Task<IActionResult> NotAllowedAsync(ApplicationUser user)
    {
        var users = signIn.UserManager;
        if (await users.IsLockedOutAsync(user))
        {
            return RedirectToPage("./Lockout");
        }

        if (!await users.CheckPasswordAsync(user, Input.Password))
        {
            await users.AccessFailedAsync(user);
            return await users.IsLockedOutAsync(user) ? RedirectToPage("./Lockout") : Invalid();
        }

        EmailNotConfirmed = true;
        return Page();
    }

    private PageResult Invalid()
    {
        ModelState.AddModelError(string.Empty, InvalidCredentials);
        return Page();
    }

    public sealed class InputModel
    {
        [Required(ErrorMessage = FieldMessages.EmailRequired)]
        [EmailAddress(ErrorMessage = FieldMessages.EmailInvalid)]
        [StringLength(FieldMessages.EmailMaxLength, ErrorMessage = FieldMessages.EmailTooLong)]
        [Display(Name = "Email")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Enter your password.")]
        [StringLength(FieldMessages.PasswordMaxLength, ErrorMessage = FieldMessages.PasswordTooLong)]
        [DataType(DataType.Password)]
        [Display(Name = "Password")]
        public string Password { get; set; } = "";

        [Display(Name = "Keep me signed in on this device")]
        public bool RememberMe { get; set; }
    }
}
