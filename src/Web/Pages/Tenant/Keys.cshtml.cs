using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OpenRouterSaaS.Application.Keys;
using OpenRouterSaaS.Application.Keys.CheckPersonalKey;
using OpenRouterSaaS.Application.Keys.GetMyKey;
using OpenRouterSaaS.Application.Keys.RemovePersonalKey;
using OpenRouterSaaS.Application.Keys.SavePersonalKey;
using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.Web.Pages.Shared;
using OpenRouterSaaS.Web.Results;

namespace OpenRouterSaaS.Web.Pages.Tenant;

public sealed class KeysModel(ISender sender) : PageModel
{
    public MyKeyPage Data { get; private set; } = null!;

    /// <summary>The key is posted, checked and stored; it is never written back into the page.</summary>
    [BindProperty]
    public KeyInput Input { get; set; } = new();

    /// <summary>Why OpenRouter could not check the key just posted; the page then offers to save it without checking.</summary>
    public string? CouldNotCheck { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await ShowAsync(cancellationToken);

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return await ShowAsync(cancellationToken);
        }

        var result = await sender.Send(new SavePersonalKeyCommand(Input.Key ?? "", Input.ExpiresOn, Input.SaveUnverified), cancellationToken);
        if (!result.IsSuccess)
        {
            result.Error!.AddTo(ModelState, nameof(Input));
            return await ShowAsync(cancellationToken);
        }

        if (result.Value.CouldNotCheck is { } why)
        {
            CouldNotCheck = why;
            return await ShowAsync(cancellationToken);
        }

        this.Flash(result.Value.Saved!.Status == KeyStatus.Unverified
            ? "Your key was saved without checking; it is marked \"not yet verified\". Use \"Check again\" when OpenRouter can be reached."
            : "OpenRouter accepted your key, and it was saved.");
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostCheckAsync(CancellationToken cancellationToken)
    {
        var result = await sender.Send(new CheckPersonalKeyCommand(), cancellationToken);
        this.FlashCheck(result);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRemoveAsync(CancellationToken cancellationToken)
    {
        this.Flash(await sender.Send(new RemovePersonalKeyCommand(), cancellationToken), "Your key was removed from this tenant.");
        return RedirectToPage();
    }

    private async Task<IActionResult> ShowAsync(CancellationToken cancellationToken)
    {
        var result = await sender.Send(new GetMyKeyQuery(), cancellationToken);
        if (!result.IsSuccess)
        {
            return result.Error!.ToPageResult(this);
        }

        Data = result.Value;
        return Page();
    }

    public sealed class KeyInput
    {
        public string? Key { get; set; }

        public DateOnly? ExpiresOn { get; set; }

        public bool SaveUnverified { get; set; }
    }
}
