using Mediator;
using Microsoft.AspNetCore.Mvc;
using OpenRouterSaaS.Domain.Tenants;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Keys.GetTenantCredit;
using OpenRouterSaaS.Application.Tenants.GetMyTenants;

namespace OpenRouterSaaS.Web.ViewComponents;

/// <summary>The navigation bar's tenant menu: the current tenant and a way to every other one.</summary>
public sealed class TenantSwitcherViewComponent(ISender sender, ITenantContext tenant) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var result = await sender.Send(new GetMyTenantsQuery(), HttpContext.RequestAborted);
        var tenants = result.IsSuccess ? result.Value : [];
        TenantCredit? credit = null;
        if (tenant.Role >= TenantRole.Admin)
        {
            var read = await sender.Send(new GetTenantCreditQuery(), HttpContext.RequestAborted);
            credit = read.IsSuccess ? read.Value : null;
        }

        return View(new TenantSwitcherModel(tenants, tenants.FirstOrDefault(candidate => candidate.Slug == tenant.Slug), tenant.Role, credit));
    }
}

/// <param name="Credit">The tenant's remaining OpenRouter credit, for admins of a tenant with a management key.</param>
public sealed record TenantSwitcherModel(IReadOnlyList<MyTenant> Tenants, MyTenant? Current, TenantRole? Role, TenantCredit? Credit);
