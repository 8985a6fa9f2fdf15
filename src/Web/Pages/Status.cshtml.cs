using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace OpenRouterSaaS.Web.Pages;

/// <summary>The page shown for an error status with no body of its own (404, 400 from a forged form, ...).</summary>
[IgnoreAntiforgeryToken]
public sealed class StatusModel : PageModel
{
    public string Title { get; private set; } = "";

    public string Explanation { get; private set; } = "";

    public void OnGet(int code) => Describe(code);

    public void OnPost(int code) => Describe(code);

    private void Describe(int code) => (Title, Explanation) = code switch
    {
        404 => ("Page not found", "There is nothing here, or you don't have access to it. Check the address, or ask an administrator of the tenant to invite you."),
        400 => ("The request could not be accepted", "The form may have expired or come from another site. Go back, reload the page and try again."),
        403 => ("You don't have access to this page", "Ask an administrator of the tenant if you need it."),
        405 => ("That action is not available here", "Go back and use the buttons on the page."),
        _ => ("Something went wrong", "Try again in a moment."),
    };
}
