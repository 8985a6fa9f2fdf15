using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OpenRouterSaaS.Application.Tenants.CreateTenant;
using OpenRouterSaaS.Web.Results;

namespace OpenRouterSaaS.Web.Pages.Tenants;

public sealed class NewModel(ISender sender) : PageModel
{
    [BindProperty]
    public CreateTenantInput Input { get; set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var result = await sender.Send(new CreateTenantCommand(Input.Name ?? "", (Input.Slug ?? "").Trim()), cancellationToken);
        if (!result.IsSuccess)
        {
            return result.Error!.ToPageResult(this);
        }

        return Redirect($"/t/{result.Value.Slug}");
    }

    public sealed class CreateTenantInput
    {
        public string? Name { get; set; }

        public string? Slug { get; set; }
    }
}
