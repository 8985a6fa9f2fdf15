using Mediator;
using Microsoft.AspNetCore.Mvc;
using OpenRouterSaaS.Application.Budgets.GetBudgetAlerts;
using OpenRouterSaaS.Application.Common.Interfaces;

namespace OpenRouterSaaS.Web.ViewComponents;

/// <summary>
/// The banner on tenant pages when a budget this month reached the alert threshold or is used up: the tenant's or
/// any member's for admins (linking to the budgets page), the member's own for a member. Nothing outside a tenant.
/// </summary>
public sealed class BudgetAlertViewComponent(ISender sender, ITenantContext tenant) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        if (tenant.TenantId is null || tenant.Slug is null)
        {
            return Content(string.Empty);
        }

        var result = await sender.Send(new GetBudgetAlertsQuery(), HttpContext.RequestAborted);
        return result.IsSuccess && result.Value.Any
            ? View(new BudgetAlertModel(tenant.Slug, result.Value))
            : Content(string.Empty);
    }
}

public sealed record BudgetAlertModel(string Slug, BudgetAlerts Alerts);
