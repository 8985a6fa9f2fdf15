using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using OpenRouterSaaS.Infrastructure.Identity;

namespace OpenRouterSaaS.Web.Areas.Identity.Pages.Account.Manage;

public sealed class GenerateRecoveryCodesModel(UserManager<ApplicationUser> users) : ManagePageModel(users)
{
    public Task<IActionResult> OnGetAsync() => WhenTwoFactorIsOnAsync(_ => Task.FromResult<IActionResult>(Page()));

    public Task<IActionResult> OnPostAsync() => WhenTwoFactorIsOnAsync(ShowNewRecoveryCodesAsync);

    private async Task<IActionResult> WhenTwoFactorIsOnAsync(Func<ApplicationUser, Task<IActionResult>> action)
    {
        if (await CurrentUserAsync() is not { } user)
        {
            return Challenge();
        }

        return await Users.GetTwoFactorEnabledAsync(user)
            ? await action(user)
            : BackToTwoFactor("Recovery codes are for two-factor authentication: turn it on first.", isError: true);
    }
}
