using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using OpenRouterSaaS.Application.Audit.GetAuditLog;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Web.Results;

namespace OpenRouterSaaS.Web.Pages.Tenant.Admin;

/// <summary>The tenant's audit log. The filters are a GET form, so a filtered page can be bookmarked and shared.</summary>
public sealed class AuditModel(ISender sender, ITenantContext tenant) : PageModel
{
    public const string UnreadableFiltersMessage = "The filters could not be read: choose an action and a person from the lists, and enter days as dates such as 2027-01-31.";

    [BindProperty(SupportsGet = true, Name = "action")]
    public string? ActionFilter { get; set; }

    [BindProperty(SupportsGet = true, Name = "actor")]
    public Guid? Actor { get; set; }

    [BindProperty(SupportsGet = true, Name = "from")]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true, Name = "to")]
    public DateOnly? To { get; set; }

    // Not "page": Razor Pages keeps that route value for the page's own path.
    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public AuditLogPage? Log { get; private set; }

    public string BasePath => $"/t/{tenant.Slug}/admin/audit";

    public bool IsFiltered => !string.IsNullOrEmpty(ActionFilter) || Actor is not null || From is not null || To is not null;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            ModelState.Clear();
            ModelState.AddModelError(string.Empty, UnreadableFiltersMessage);
            return Page();
        }

        var result = await sender.Send(new GetAuditLogQuery(ActionFilter, Actor, From, To, PageNumber), cancellationToken);
        if (!result.IsSuccess)
        {
            return result.Error!.ToPageResult(this, prefix: string.Empty);
        }

        Log = result.Value;
        return Page();
    }

    /// <summary>The address of another page of the log with the same filters.</summary>
    public string LinkToPage(int page)
    {
        var query = new Dictionary<string, string?>
        {
            ["action"] = string.IsNullOrEmpty(ActionFilter) ? null : ActionFilter,
            ["actor"] = Actor?.ToString(),
            ["from"] = From?.ToString("yyyy-MM-dd"),
            ["to"] = To?.ToString("yyyy-MM-dd"),
            ["p"] = page == 1 ? null : page.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return QueryHelpers.AddQueryString(BasePath, query.Where(pair => pair.Value is not null));
    }
}
