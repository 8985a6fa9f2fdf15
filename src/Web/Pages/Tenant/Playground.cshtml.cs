using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Gateway.GetPlayground;
using OpenRouterSaaS.Domain.Tenants;
using OpenRouterSaaS.Web.Results;

namespace OpenRouterSaaS.Web.Pages.Tenant;

/// <summary>
/// The playground: pick an allowed model, write a message and watch the answer stream in. The page only renders the form;
/// playground.js posts it to the gateway (<c>/t/{slug}/playground/chat</c>) and reads the answer's events as they arrive.
/// </summary>
public sealed class PlaygroundModel(ISender sender, ITenantContext tenant) : PageModel
{
    public string Slug => tenant.Slug!;

    public bool IsAdmin => tenant.Role >= TenantRole.Admin;

    public PlaygroundPage Data { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var result = await sender.Send(new GetPlaygroundQuery(), cancellationToken);
        if (!result.IsSuccess)
        {
            return result.Error!.ToPageResult(this);
        }

        Data = result.Value;
        return Page();
    }
}
