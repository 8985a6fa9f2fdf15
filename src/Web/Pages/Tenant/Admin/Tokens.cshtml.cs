using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OpenRouterSaaS.Application.ApiTokens.GetTenantApiTokens;
using OpenRouterSaaS.Application.ApiTokens.RevokeApiToken;
using OpenRouterSaaS.Web.Pages.Shared;
using OpenRouterSaaS.Web.Results;

namespace OpenRouterSaaS.Web.Pages.Tenant.Admin;

public sealed class TokensModel(ISender sender) : PageModel
{
    public IReadOnlyList<TenantApiTokenRow> Tokens { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var result = await sender.Send(new GetTenantApiTokensQuery(), cancellationToken);
        if (!result.IsSuccess)
        {
            return result.Error!.ToPageResult(this);
        }

        Tokens = result.Value;
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid tokenId, CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            this.Flash(await sender.Send(new RevokeApiTokenCommand(tokenId), cancellationToken), "Token revoked. Programs that use it are refused from now on.");
        }
        else
        {
            this.FlashError("That token was not found in this tenant.");
        }

        return RedirectToPage();
    }
}
