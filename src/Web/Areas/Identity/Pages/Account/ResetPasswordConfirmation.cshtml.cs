using Microsoft.AspNetCore.Mvc.RazorPages;

namespace OpenRouterSaaS.Web.Areas.Identity.Pages.Account;

public sealed class ResetPasswordConfirmationModel : PageModel
{
    public void OnGet()
    {
    }
}
