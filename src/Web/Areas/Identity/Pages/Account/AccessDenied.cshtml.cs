using Microsoft.AspNetCore.Mvc.RazorPages;

namespace OpenRouterSaaS.Web.Areas.Identity.Pages.Account;

/// <summary>Where the cookie handler sends a signed-in person who lacks the role a page needs.</summary>
public sealed class AccessDeniedModel : PageModel
{
    /// <summary>Answers 403, so programs and tests see the refusal and not a 200 page.</summary>
    public void OnGet() => Response.StatusCode = StatusCodes.Status403Forbidden;
}
