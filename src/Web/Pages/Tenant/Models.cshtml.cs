using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Models.GetModelCatalogue;
using OpenRouterSaaS.Domain.Tenants;
using OpenRouterSaaS.Web.Results;

namespace OpenRouterSaaS.Web.Pages.Tenant;

/// <summary>The models this tenant allows: a plain GET form, and htmx swaps only the results while typing.</summary>
public sealed class ModelsModel(ISender sender, ITenantContext tenant) : PageModel
{
    public string Slug => tenant.Slug!;

    public bool IsAdmin => tenant.Role >= TenantRole.Admin;

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    [BindProperty(SupportsGet = true, Name = "provider")]
    public string? Provider { get; set; }

    [BindProperty(SupportsGet = true, Name = "price")]
    public PriceFilter Price { get; set; }

    [BindProperty(SupportsGet = true, Name = "sort")]
    public ModelSort Sort { get; set; }

    public ModelCataloguePage Data { get; private set; } = new([], [], 0, null);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        // A filter value that does not bind (price=bogus) falls back to its default rather than failing the page.
        var result = await sender.Send(new GetModelCatalogueQuery(Search, Provider, Price, Sort), cancellationToken);
        if (!result.IsSuccess)
        {
            result.Error!.AddTo(ModelState, prefix: "");
        }
        else
        {
            Data = result.Value;
        }

        return Request.Headers.ContainsKey("HX-Request") ? Partial("_ModelResults", this) : Page();
    }
}
