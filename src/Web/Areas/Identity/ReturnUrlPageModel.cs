using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace OpenRouterSaaS.Web.Areas.Identity;

/// <summary>
/// A sign-in page that carries <c>returnUrl</c> through its links and forms (register, confirm, sign in), so an
/// invitation link still lands on the invitation afterwards. Only a local URL is kept: a crafted link can
/// never send someone to another site once they have signed in.
/// </summary>
public abstract class ReturnUrlPageModel : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        if (!Url.IsLocalUrl(ReturnUrl))
        {
            ReturnUrl = null;
        }

        base.OnPageHandlerExecuting(context);
    }

    /// <summary>Where to go once signed in: the local return URL, or the home page.</summary>
    protected LocalRedirectResult RedirectToReturnUrl() => LocalRedirect(ReturnUrl ?? "/");
}
