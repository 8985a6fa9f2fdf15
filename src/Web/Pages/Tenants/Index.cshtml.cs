using Mediator;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OpenRouterSaaS.Application.Tenants.GetMyTenants;

namespace OpenRouterSaaS.Web.Pages.Tenants;

public sealed class IndexModel(ISender sender) : PageModel
{
    public IReadOnlyList<MyTenant> Tenants { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var result = await sender.Send(new GetMyTenantsQuery(), cancellationToken);
        Tenants = result.IsSuccess ? result.Value : [];
    }
}
