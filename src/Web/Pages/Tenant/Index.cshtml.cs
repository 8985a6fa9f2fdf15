using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OpenRouterSaaS.Application.Tenants.GetTenantDashboard;

namespace OpenRouterSaaS.Web.Pages.Tenant;

public sealed class IndexModel(ISender sender) : PageModel
{
    public TenantDashboard Dashboard { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var result = await sender.Send(new GetTenantDashboardQuery(), cancellationToken);
        if (!result.IsSuccess)
        {
            return NotFound();
        }

        Dashboard = result.Value;
        return Page();
    }
}
