using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using OpenRouterSaaS.Infrastructure.Identity;

namespace OpenRouterSaaS.Web.Areas.Identity.Pages.Account.Manage;

public sealed class TwoFactorAuthenticationModel(UserManager<ApplicationUser> users, SignInManager<ApplicationUser> signIn) : ManagePageModel(users)
{
    public bool IsEnabled { get; private set; }

    public bool HasAuthenticator { get; private set; }

    public int RecoveryCodesLeft { get; private set; }

    public bool IsBrowserRemembered { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await CurrentUserAsync() is not { } user)
        {
            return Challenge();
        }

        IsEnabled = await Users.GetTwoFactorEnabledAsync(user);
        HasAuthenticator = await Users.GetAuthenticatorKeyAsync(user) is not null;
        RecoveryCodesLeft = await Users.CountRecoveryCodesAsync(user);
        IsBrowserRemembered = await signIn.IsTwoFactorClientRememberedAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostForgetBrowserAsync()
    {
        if (await CurrentUserAsync() is null)
        {
            return Challenge();
        }

        await signIn.ForgetTwoFactorClientAsync();
        return BackToTwoFactor("This browser is forgotten: the next sign-in here will ask for a code.");
    }
}
