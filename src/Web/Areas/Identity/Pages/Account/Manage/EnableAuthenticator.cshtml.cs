using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using OpenRouterSaaS.Infrastructure.Identity;

namespace OpenRouterSaaS.Web.Areas.Identity.Pages.Account.Manage;

public sealed class EnableAuthenticatorModel(UserManager<ApplicationUser> users) : ManagePageModel(users)
{
    public string SharedKey { get; private set; } = "";

    public string AuthenticatorUri { get; private set; } = "";

    public string QrCodeSvg { get; private set; } = "";

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync()
    {
        if (await CurrentUserAsync() is not { } user)
        {
            return Challenge();
        }

        await LoadKeyAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await CurrentUserAsync() is not { } user)
        {
            return Challenge();
        }

        if (ModelState.IsValid)
        {
            var code = AuthenticatorEnrolment.NormaliseCode(Input.Code);
            if (await Users.VerifyTwoFactorTokenAsync(user, Users.Options.Tokens.AuthenticatorTokenProvider, code))
            {
                await Users.SetTwoFactorEnabledAsync(user, true);
                if (await Users.CountRecoveryCodesAsync(user) == 0)
                {
                    TempData.SetStatus("Your authenticator app is set up. Save these recovery codes now.");
                    return await ShowNewRecoveryCodesAsync(user);
                }

                return BackToTwoFactor("Your authenticator app is set up.");
            }

            ModelState.AddModelError("Input.Code", "That code is not right. Enter the code your app shows now, and check that your phone's clock is correct.");
        }

        await LoadKeyAsync(user);
        return Page();
    }

    private async Task LoadKeyAsync(ApplicationUser user)
    {
        var key = await Users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await Users.ResetAuthenticatorKeyAsync(user);
            key = await Users.GetAuthenticatorKeyAsync(user) ?? throw new InvalidOperationException("Identity did not store an authenticator key.");
        }

        SharedKey = AuthenticatorEnrolment.FormatKey(key);
        AuthenticatorUri = AuthenticatorEnrolment.Uri(user.Email ?? user.UserName ?? "", key);
        QrCodeSvg = AuthenticatorEnrolment.QrCodeSvg(AuthenticatorUri);
    }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter the 6-digit code from your authenticator app.")]
        [StringLength(7, MinimumLength = 6, ErrorMessage = "The code has 6 digits.")]
        [DataType(DataType.Text)]
        [Display(Name = "Verification code")]
        public string Code { get; set; } = "";
    }
}
