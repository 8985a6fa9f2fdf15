using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OpenRouterSaaS.Infrastructure.Identity;

namespace OpenRouterSaaS.Web.Areas.Identity.Pages.Account;

/// <summary>Signing out changes state, so it happens only on POST; a GET shows the button that does it.</summary>
public sealed class LogoutModel(SignInManager<ApplicationUser> signIn) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync();
        TempData.SetStatus("You have signed out.");
        return LocalRedirect("/");
    }
}
