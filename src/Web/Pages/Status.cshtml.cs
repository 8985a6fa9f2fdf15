using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OpenRouterSaaS.Web.Security;

namespace OpenRouterSaaS.Web.Pages;

/// <summary>The page shown for an error status with no body of its own (404, 400 from a forged form, 429 from a rate limit, ...).</summary>
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
        413 => ("What you sent is too large", "The form held more than the site accepts. Go back, shorten what you typed and send it again."),
        429 => ("Too many attempts", $"The {FormName()} form was sent too many times from your network. Wait {Wait()} and try again."),
        _ => ("Something went wrong", "Try again in a moment."),
    };

    /// <summary>The refused form's name, from the address the request was for before this page was shown instead.</summary>
    private string FormName() => AccountForms.NameOf(HttpContext.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalPath) ?? "same";

    /// <summary>The rate limit's <c>Retry-After</c>, in words.</summary>
    private string Wait()
    {
        var seconds = int.TryParse(Response.Headers.RetryAfter, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 60;
        return seconds switch
        {
            <= 1 => "a second",
            < 60 => $"{seconds} seconds",
            <= 60 => "a minute",
            _ => $"{(seconds + 59) / 60} minutes",
        };
    }
}
