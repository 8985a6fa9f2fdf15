using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using OpenRouterSaaS.Infrastructure.Identity;
using SignInResult = Microsoft.AspNetCore.Identity.SignInResult;

namespace OpenRouterSaaS.Web.Areas.Identity;

/// <summary>
/// The second step of signing in (authenticator code or recovery code). It needs the short-lived cookie the
/// first step left behind; once that is gone the person starts again at the sign-in page.
/// </summary>
public abstract class SecondFactorPageModel(SignInManager<ApplicationUser> signIn) : ReturnUrlPageModel
{
    protected SignInManager<ApplicationUser> SignInManager { get; } = signIn;

    [BindProperty(SupportsGet = true)]
    public bool RememberMe { get; set; }

    protected Task<ApplicationUser?> PendingUserAsync() => SignInManager.GetTwoFactorAuthenticationUserAsync();

    protected RedirectToPageResult StartAgain()
    {
        TempData.SetStatus("Your sign-in took too long. Please sign in again.", isError: true);
        return RedirectToPage("./Login", new { returnUrl = ReturnUrl });
    }

    /// <summary>The outcome of a second-factor attempt: in, locked out, or the form again with <paramref name="failure"/> next to <paramref name="field"/>.</summary>
    protected IActionResult Outcome(SignInResult result, string field, string failure)
    {
        if (result.Succeeded)
        {
            return RedirectToReturnUrl();
        }

        if (result.IsLockedOut)
        {
            return RedirectToPage("./Lockout");
        }

        ModelState.AddModelError(field, failure);
        return Page();
    }
}
