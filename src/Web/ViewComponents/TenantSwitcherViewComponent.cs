using Mediator;
using Microsoft.AspNetCore.Mvc;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Tenants.GetMyTenants;

namespace OpenRouterSaaS.Web.ViewComponents;

/// <summary>The navigation bar's tenant menu: the current tenant and a way to every other one.</summary>
public sealed class TenantSwitcherViewComponent(ISender sender, ITenantContext tenant) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var result = await sender.Send(new GetMyTenantsQuery(), HttpContext.RequestAborted);
        var tenants = result.IsSuccess ? result.Value : [];
        return View(new TenantSwitcherModel(tenants, tenants.FirstOrDefault(candidate => candidate.Slug == tenant.Slug), tenant.Role));
    }
}

public sealed record TenantSwitcherModel(IReadOnlyList<MyTenant> Tenants, MyTenant? Current, OpenRouterSaaS.Domain.Tenants.TenantRole? Role);
