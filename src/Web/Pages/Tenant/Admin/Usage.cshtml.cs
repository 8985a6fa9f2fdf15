using System.Globalization;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.UsageReports;
using OpenRouterSaaS.Application.UsageReports.ExportUsage;
using OpenRouterSaaS.Application.UsageReports.GetTenantUsage;
using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.Web.Results;

namespace OpenRouterSaaS.Web.Pages.Tenant.Admin;

/// <summary>
/// The tenant's usage for admins, over a range of days and narrowed by member, model and key kind; and its CSV export
/// at /t/{slug}/admin/usage/export with the same filters. The filters are a GET form, so a view can be bookmarked.
/// </summary>
public sealed class UsageModel(ISender sender, ITenantContext tenant) : PageModel
{
    public const string UnreadableDayMessage = "The days could not be read: enter them as dates such as 2027-01-31.";
    public const string UnreadableMemberMessage = "Choose a member from the list.";

    [BindProperty(SupportsGet = true, Name = "from")]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true, Name = "to")]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true, Name = "member")]
    public Guid? Member { get; set; }

    [BindProperty(SupportsGet = true, Name = "model")]
    public string? ModelFilter { get; set; }

    [BindProperty(SupportsGet = true, Name = "kind")]
    public CredentialKind? Kind { get; set; }

    // Not "page": Razor Pages keeps that route value for the page's own path.
    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public TenantUsage? Usage { get; private set; }

    public string BasePath => $"/t/{tenant.Slug}/admin/usage";

    /// <summary>The reconciliation page for the range shown, where OpenRouter's activity can be imported now.</summary>
    public string ReconciliationPath => Usage is { } usage
        ? $"/t/{tenant.Slug}/admin/reconciliation?from={Day(usage.Range.From)}&to={Day(usage.Range.To)}"
        : $"/t/{tenant.Slug}/admin/reconciliation";

    public bool IsFiltered => From is not null || To is not null || Member is not null || !string.IsNullOrEmpty(ModelFilter) || Kind is not null;

    /// <summary>The first day the form shows: the one asked for, or the report's default.</summary>
    public DateOnly? ShownFrom => Usage?.Range.From ?? From;

    public DateOnly? ShownTo => Usage?.Range.To ?? To;

    private UsageFilter Filter => new(From, To, Member, string.IsNullOrEmpty(ModelFilter) ? null : ModelFilter, Kind);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (UnreadableFilters() is { } unreadable)
        {
            ModelState.Clear();
            ModelState.AddModelError(string.Empty, unreadable);
            return Page();
        }

        var result = await sender.Send(new GetTenantUsageQuery(Filter, PageNumber), cancellationToken);
        if (!result.IsSuccess)
        {
            return result.Error!.ToPageResult(this, prefix: string.Empty);
        }

        Usage = result.Value;
        return Page();
    }

    /// <summary>The CSV of every call the filters keep; a filter that makes no sense gets a 400 problem saying why.</summary>
    public async Task<IActionResult> OnGetExportAsync(CancellationToken cancellationToken)
    {
        if (UnreadableFilters() is { } unreadable)
        {
            return FiltersProblem(StatusCodes.Status400BadRequest, unreadable);
        }

        var result = await sender.Send(new ExportUsageQuery(Filter), cancellationToken);
        if (result.Error is { } error)
        {
            return FiltersProblem(error.StatusCode(), error.Message);
        }

        return new UsageCsvResult(result.Value, $"usage-{tenant.Slug}-{Day(result.Value.Range.From)}-{Day(result.Value.Range.To)}.csv");
    }

    /// <summary>The address of another page of calls with the same filters.</summary>
    public string LinkToPage(int page) => Link(BasePath, page) + "#calls";

    /// <summary>The CSV export of what the page shows.</summary>
    public string ExportLink => Link(BasePath + "/export", page: 1);

    private string Link(string path, int page)
    {
        var query = new Dictionary<string, string?>
        {
            ["from"] = ShownFrom is { } from ? Day(from) : null,
            ["to"] = ShownTo is { } to ? Day(to) : null,
            ["member"] = Member?.ToString(),
            ["model"] = string.IsNullOrEmpty(ModelFilter) ? null : ModelFilter,
            ["kind"] = Kind?.ToString(),
            ["p"] = page == 1 ? null : page.ToString(CultureInfo.InvariantCulture),
        };
        return QueryHelpers.AddQueryString(path, query.Where(pair => pair.Value is not null));
    }

    /// <summary>What a person should fix when a filter could not even be read (a date that is not a date, ...); null when all could.</summary>
    private string? UnreadableFilters()
    {
        if (ModelState.IsValid)
        {
            return null;
        }

        bool Unreadable(string key) => ModelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0;
        return Unreadable("from") || Unreadable("to") ? UnreadableDayMessage
            : Unreadable("member") ? UnreadableMemberMessage
            : Unreadable("kind") ? UsageFilterValidator.KeyKindMessage
            : UsageCalls.NoSuchPageMessage;
    }

    private ObjectResult FiltersProblem(int status, string detail)
    {
        var problem = HttpContext.RequestServices.GetRequiredService<ProblemDetailsFactory>()
            .CreateProblemDetails(HttpContext, status, title: "The export could not be made.", detail: detail);
        return new ObjectResult(problem) { StatusCode = status, ContentTypes = { "application/problem+json" } };
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
