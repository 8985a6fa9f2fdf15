using Microsoft.AspNetCore.Mvc.RazorPages;
using OpenRouterSaaS.Application.Keys;
using OpenRouterSaaS.Domain.Common;

namespace OpenRouterSaaS.Web.Pages.Shared;

/// <summary>One-time messages shown at the top of the next page, for post-redirect-get.</summary>
public static class PageFeedback
{
    public static void Flash(this PageModel page, string message) => page.TempData["StatusMessage"] = message;

    public static void FlashError(this PageModel page, string message)
    {
        page.TempData["StatusMessage"] = message;
        page.TempData["StatusIsError"] = true;
    }

    public static void Flash(this PageModel page, Result result, string success)
    {
        if (result.Error is { } error)
        {
            page.FlashError(error.Message);
        }
        else
        {
            page.Flash(success);
        }
    }

    /// <summary>What OpenRouter said when a stored key was checked again; anything but "accepted" is shown as a problem.</summary>
    public static void FlashCheck(this PageModel page, Result<CheckKeyOutcome> result)
    {
        if (!result.IsSuccess)
        {
            page.FlashError(result.Error!.Message);
        }
        else if (result.Value.Verdict == KeyVerdict.Accepted)
        {
            page.Flash(result.Value.Message);
        }
        else
        {
            page.FlashError(result.Value.Message);
        }
    }
}
