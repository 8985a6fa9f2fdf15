using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OpenRouterSaaS.Infrastructure.Identity;

namespace OpenRouterSaaS.Web.Areas.Identity.Pages.Account.Manage;

/// <summary>A page of the signed-in person's account settings; the folder convention already requires sign-in.</summary>
public abstract class ManagePageModel(UserManager<ApplicationUser> users) : PageModel
{
    public const string RecoveryCodesKey = "RecoveryCodes";

    protected UserManager<ApplicationUser> Users { get; } = users;

    /// <summary>The account behind the cookie, or null when it was deleted since: the caller answers with <see cref="PageModel.Challenge()"/>.</summary>
    protected Task<ApplicationUser?> CurrentUserAsync() => Users.GetUserAsync(User);

    /// <summary>Replaces the recovery codes and shows the new ones once, on the next page.</summary>
    protected async Task<IActionResult> ShowNewRecoveryCodesAsync(ApplicationUser user)
    {
        var codes = await Users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10);
        TempData[RecoveryCodesKey] = codes?.ToArray() ?? [];
        return RedirectToPage("./ShowRecoveryCodes");
    }

    protected RedirectToPageResult BackToTwoFactor(string message, bool isError = false)
    {
        TempData.SetStatus(message, isError);
        return RedirectToPage("./TwoFactorAuthentication");
    }
}
