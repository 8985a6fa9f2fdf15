using Mediator;
using Microsoft.AspNetCore.Mvc;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Usage.GetReconciliation;

namespace OpenRouterSaaS.Web.ViewComponents;

/// <summary>
/// The current tenant's ledger beside OpenRouter's imported activity, per UTC day and model, with drift highlighted, for
/// admins' pages: <c>@await Component.InvokeAsync("ReconciliationPanel", new { from, to })</c>.
/// </summary>
public sealed class ReconciliationPanelViewComponent(ISender sender, ITenantContext tenant) : ViewComponent
{
    /// <param name="from">The first UTC day shown.</param>
    /// <param name="to">The last UTC day shown (included).</param>
    public async Task<IViewComponentResult> InvokeAsync(DateOnly from, DateOnly to)
    {
        var result = await sender.Send(new GetReconciliationQuery(from, to), HttpContext.RequestAborted);
        return View(new ReconciliationPanelModel(tenant.Slug!, result.IsSuccess ? result.Value : null, result.Error?.Message));
    }
}

/// <param name="Report">Null when the range could not be reported (see <paramref name="Error"/>).</param>
public sealed record ReconciliationPanelModel(string Slug, ReconciliationReport? Report, string? Error);
