using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Tenants.DeleteTenant;
using OpenRouterSaaS.Application.Tenants.GetTenantDashboard;
using OpenRouterSaaS.Application.Tenants.RenameTenant;
using OpenRouterSaaS.Web.Pages.Shared;
using OpenRouterSaaS.Web.Results;

namespace OpenRouterSaaS.Web.Pages.Tenant.Owner;

public sealed class SettingsModel(ISender sender, ITenantContext tenant) : PageModel
{
    public string Slug => tenant.Slug!;

    [BindProperty]
    public RenameInput Rename { get; set; } = new();

    [BindProperty]
    public DeleteInput Delete { get; set; } = new();

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var dashboard = await sender.Send(new GetTenantDashboardQuery(), cancellationToken);
        Rename.Name = dashboard.IsSuccess ? dashboard.Value.Name : "";
    }

    public async Task<IActionResult> OnPostRenameAsync(CancellationToken cancellationToken)
    {
        var result = await sender.Send(new RenameTenantCommand(Rename.Name ?? ""), cancellationToken);
        if (!result.IsSuccess)
        {
            return result.Error!.ToPageResult(this, nameof(Rename));
        }

        this.Flash("The tenant's name was saved.");
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken cancellationToken)
    {
        var result = await sender.Send(new DeleteTenantCommand(Delete.ConfirmSlug ?? ""), cancellationToken);
        if (!result.IsSuccess)
        {
            return result.Error!.ToPageResult(this, nameof(Delete));
        }

        this.Flash($"The tenant {Slug} was deleted.");
        return RedirectToPage("/Tenants/Index");
    }

    public sealed class RenameInput
    {
        public string? Name { get; set; }
    }

    public sealed class DeleteInput
    {
        public string? ConfirmSlug { get; set; }
    }
}
