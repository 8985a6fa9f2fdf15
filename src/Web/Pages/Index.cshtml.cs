using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace OpenRouterSaaS.Web.Pages;

public sealed class IndexModel : PageModel
{
    /// <summary>Signed-in people go straight to their tenants; everyone else sees what the product is.</summary>
    public IActionResult OnGet() =>
        User.Identity?.IsAuthenticated == true ? RedirectToPage("/Tenants/Index") : Page();
}
