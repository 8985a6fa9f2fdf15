using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OpenRouterSaaS.Application.Usage;
using OpenRouterSaaS.Application.Usage.GetReconciliation;
using OpenRouterSaaS.Application.Usage.ImportActivity;
using OpenRouterSaaS.Web.Pages.Shared;

namespace OpenRouterSaaS.Web.Pages.Tenant.Admin;

/// <summary>The ledger beside OpenRouter's activity for a range of UTC days (a GET form, so a range can be bookmarked), and an import on demand.</summary>
public sealed class ReconciliationModel(ISender sender, TimeProvider clock) : PageModel
{
    /// <summary>The range shown when none is asked for: the last 30 days, today included.</summary>
    public const int DefaultDays = 30;

    public const string UnreadableRangeMessage = "The days could not be read: enter them as dates such as 2027-01-31.";

    [BindProperty(SupportsGet = true, Name = "from")]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true, Name = "to")]
    public DateOnly? To { get; set; }

    /// <summary>Whether the range is good to show; otherwise the form says why.</summary>
    public bool CanShow { get; private set; }

    public DateOnly ShownFrom => From ?? ShownTo.AddDays(1 - DefaultDays);

    public DateOnly ShownTo => To ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public IActionResult OnGet()
    {
        if (!ModelState.IsValid)
        {
            ModelState.Clear();
            ModelState.AddModelError(string.Empty, UnreadableRangeMessage);
            return Page();
        }

        if (ReportRange.Check(ShownFrom, ShownTo) is { } problem)
        {
            ModelState.AddModelError("to", problem);
            return Page();
        }

        CanShow = true;
        return Page();
    }

    public async Task<IActionResult> OnPostImportAsync(CancellationToken cancellationToken)
    {
        var result = await sender.Send(new ImportActivityCommand(), cancellationToken);
        if (result.IsSuccess)
        {
            this.Flash(ImportActivityHandler.Summary(result.Value));
        }
        else
        {
            this.FlashError(result.Error!.Message);
        }

        // The range as it was asked for; one that cannot be read is left out.
        return RedirectToPage(new { from = ModelState.IsValid ? From?.ToString("yyyy-MM-dd") : null, to = ModelState.IsValid ? To?.ToString("yyyy-MM-dd") : null });
    }
}
