using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OpenRouterSaaS.Application.ApiTokens.CreateApiToken;
using OpenRouterSaaS.Application.ApiTokens.GetMyApiTokens;
using OpenRouterSaaS.Application.ApiTokens.RevokeMyApiToken;
using OpenRouterSaaS.Web.Pages.Shared;
using OpenRouterSaaS.Web.Results;

namespace OpenRouterSaaS.Web.Pages.Tenant;

public sealed class TokensModel(ISender sender, TimeProvider clock) : PageModel
{
    public const string ExpiryFormatMessage = "Enter the expiry date as a date, such as 2027-01-31, or leave it empty.";

    public IReadOnlyList<ApiTokenRow> Tokens { get; private set; } = [];

    [BindProperty]
    public CreateInput Create { get; set; } = new();

    /// <summary>
    /// The token just created. It is rendered in the response to the POST that created it and nowhere else: not
    /// in TempData, not in a redirect, so a second look at the page cannot show it.
    /// </summary>
    public CreatedApiToken? NewToken { get; private set; }

    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await ShowAsync(cancellationToken);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        if (ModelState.GetFieldValidationState($"{nameof(Create)}.{nameof(CreateInput.ExpiresOn)}") == Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid)
        {
            ModelState.Remove($"{nameof(Create)}.{nameof(CreateInput.ExpiresOn)}");
            ModelState.AddModelError($"{nameof(Create)}.{nameof(CreateInput.ExpiresOn)}", ExpiryFormatMessage);
            return await ShowAsync(cancellationToken);
        }

        var result = await sender.Send(new CreateApiTokenCommand(Create.Name ?? "", Create.ExpiresOn), cancellationToken);
        if (!result.IsSuccess)
        {
            result.Error!.AddTo(ModelState, nameof(Create));
            return await ShowAsync(cancellationToken);
        }

        NewToken = result.Value;
        ModelState.Clear();
        Create = new CreateInput();
        // The page holds the token: no cache, no back-forward copy of it.
        Response.Headers.CacheControl = "no-store";
        return await ShowAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid tokenId, CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            this.Flash(await sender.Send(new RevokeMyApiTokenCommand(tokenId), cancellationToken), "Token revoked. Programs that use it are refused from now on.");
        }
        else
        {
            this.FlashError("That token was not found in this tenant.");
        }

        return RedirectToPage();
    }

    private async Task<IActionResult> ShowAsync(CancellationToken cancellationToken)
    {
        var result = await sender.Send(new GetMyApiTokensQuery(), cancellationToken);
        if (!result.IsSuccess)
        {
            return result.Error!.ToPageResult(this);
        }

        Tokens = result.Value;
        return Page();
    }

    public sealed class CreateInput
    {
        public string? Name { get; set; }

        public DateOnly? ExpiresOn { get; set; }
    }
}
