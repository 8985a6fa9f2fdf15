using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace OpenRouterSaaS.Web.Areas.Identity.Pages.Account.Manage;

/// <summary>Shows freshly generated recovery codes once; they travel here in TempData and are gone after this page.</summary>
public sealed class ShowRecoveryCodesModel : PageModel
{
    public IReadOnlyList<string> RecoveryCodes { get; private set; } = [];

    public IActionResult OnGet()
    {
        if (TempData[ManagePageModel.RecoveryCodesKey] is not string[] { Length: > 0 } codes)
        {
            return RedirectToPage("./TwoFactorAuthentication");
        }

        RecoveryCodes = codes;
        return Page();
    }
}
