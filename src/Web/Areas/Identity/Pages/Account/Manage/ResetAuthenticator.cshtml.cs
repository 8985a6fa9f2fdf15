using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using OpenRouterSaaS.Infrastructure.Identity;

namespace OpenRouterSaaS.Web.Areas.Identity.Pages.Account.Manage;

public sealed class ResetAuthenticatorModel(UserManager<ApplicationUser> users, SignInManager<ApplicationUser> signIn) : ManagePageModel(users)
{
    public async Task<IActionResult> OnGetAsync() => await CurrentUserAsync() is null ? Challenge() : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (await CurrentUserAsync() is not { } user)
        {
            return Challenge();
        }

        await Users.SetTwoFactorEnabledAsync(user, false);
        await Users.ResetAuthenticatorKeyAsync(user);
        await signIn.RefreshSignInAsync(user);
        TempData.SetStatus("Your authenticator key has been replaced and two-factor authentication is off until you set up the app with the new key.");
        return RedirectToPage("./EnableAuthenticator");
    }
}
