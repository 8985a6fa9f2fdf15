using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using OpenRouterSaaS.Infrastructure.Identity;

namespace OpenRouterSaaS.Web.Areas.Identity.Pages.Account.Manage;

public sealed class Disable2faModel(UserManager<ApplicationUser> users) : ManagePageModel(users)
{
    public async Task<IActionResult> OnGetAsync()
    {
        if (await CurrentUserAsync() is not { } user)
        {
            return Challenge();
        }

        return await Users.GetTwoFactorEnabledAsync(user) ? Page() : BackToTwoFactor("Two-factor authentication is already off.", isError: true);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await CurrentUserAsync() is not { } user)
        {
            return Challenge();
        }

        await Users.SetTwoFactorEnabledAsync(user, false);
        return BackToTwoFactor("Two-factor authentication is off. You can turn it on again with your authenticator app.");
    }
}
