using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.UsageReports;
using OpenRouterSaaS.Application.UsageReports.GetMyUsage;
using OpenRouterSaaS.Web.Results;

namespace OpenRouterSaaS.Web.Pages.Tenant;

/// <summary>A member's own usage: this month's spend against their limit, by day and by model, and their calls.</summary>
public sealed class UsageModel(ISender sender, ITenantContext tenant) : PageModel
{
    // Not "page": Razor Pages keeps that route value for the page's own path.
    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public MyUsage? Usage { get; private set; }

    public string BasePath => $"/t/{tenant.Slug}/usage";

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            ModelState.Clear();
            ModelState.AddModelError(string.Empty, UsageCalls.NoSuchPageMessage);
            return Page();
        }

        var result = await sender.Send(new GetMyUsageQuery(PageNumber), cancellationToken);
        if (!result.IsSuccess)
        {
            return result.Error!.ToPageResult(this, prefix: string.Empty);
        }

        Usage = result.Value;
        return Page();
    }

    public string LinkToPage(int page) => page == 1 ? BasePath : $"{BasePath}?p={page}#calls";
}
