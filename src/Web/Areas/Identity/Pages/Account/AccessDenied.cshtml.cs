using Microsoft.AspNetCore.Mvc.RazorPages;

namespace OpenRouterSaaS.Web.Areas.Identity.Pages.Account;

/// <summary>Where the cookie handler sends a signed-in person who lacks the role a page needs.</summary>
public sealed class AccessDeniedModel : PageModel
{
    // The page explains the refusal; the status says it too, to scripts and to tests.
    public void OnGet() => Response.StatusCode = StatusCodes.Status403Forbidden;
}
