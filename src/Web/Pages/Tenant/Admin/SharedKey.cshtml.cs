using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Keys;
using OpenRouterSaaS.Application.Keys.CheckTenantKey;
using OpenRouterSaaS.Application.Keys.GetTenantKeys;
using OpenRouterSaaS.Application.Keys.RemoveTenantKey;
using OpenRouterSaaS.Application.Keys.SaveTenantKey;
using OpenRouterSaaS.Application.Keys.SetKeyPolicy;
using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.Web.Pages.Shared;
using OpenRouterSaaS.Web.Results;

namespace OpenRouterSaaS.Web.Pages.Tenant.Admin;

public sealed class SharedKeyModel(ISender sender, ITenantContext tenant) : PageModel
{
    public string Slug => tenant.Slug!;

    public TenantKeysPage Data { get; private set; } = null!;

    [BindProperty]
    public TenantKeyInput Shared { get; set; } = new();

    [BindProperty]
    public TenantKeyInput Management { get; set; } = new();

    [BindProperty]
    public PolicyInput KeyPolicy { get; set; } = new();

    /// <summary>Why OpenRouter could not check the shared key just posted; the page then offers to save it without checking.</summary>
    public string? SharedCouldNotCheck { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await ShowAsync(cancellationToken);

    public Task<IActionResult> OnPostSaveSharedAsync(CancellationToken cancellationToken) =>
        SaveAsync(CredentialKind.Shared, Shared, nameof(Shared), cancellationToken);

    public Task<IActionResult> OnPostSaveManagementAsync(CancellationToken cancellationToken) =>
        SaveAsync(CredentialKind.Management, Management, nameof(Management), cancellationToken);

    public async Task<IActionResult> OnPostCheckAsync(CredentialKind kind, CancellationToken cancellationToken)
    {
        this.FlashCheck(await sender.Send(new CheckTenantKeyCommand(kind), cancellationToken));
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRemoveAsync(CredentialKind kind, CancellationToken cancellationToken)
    {
        var result = await sender.Send(new RemoveTenantKeyCommand(kind), cancellationToken);
        if (!result.IsSuccess)
        {
            this.FlashError(result.Error!.Message);
        }
        else
        {
            FlashWithWarning($"The {kind.Name()} was removed.", result.Value.Warning);
        }

        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostPolicyAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return await ShowAsync(cancellationToken);
        }

        var result = await sender.Send(new SetKeyPolicyCommand(KeyPolicy.Policy), cancellationToken);
        if (!result.IsSuccess)
        {
            result.Error!.AddTo(ModelState, nameof(KeyPolicy));
            return await ShowAsync(cancellationToken);
        }

        FlashWithWarning($"The key policy is now \"{KeyPolicy.Policy.Title()}\".", result.Value.Warning);
        return RedirectToPage();
    }

    private async Task<IActionResult> SaveAsync(CredentialKind kind, TenantKeyInput input, string prefix, CancellationToken cancellationToken)
    {
        var result = await sender.Send(new SaveTenantKeyCommand(kind, input.Key ?? "", input.SaveUnverified), cancellationToken);
        if (!result.IsSuccess)
        {
            result.Error!.AddTo(ModelState, prefix);
            return await ShowAsync(cancellationToken);
        }

        if (result.Value.CouldNotCheck is { } why)
        {
            SharedCouldNotCheck = why;
            return await ShowAsync(cancellationToken);
        }

        this.Flash(result.Value.Saved!.Status == KeyStatus.Unverified
            ? $"The {kind.Name()} was saved without checking; it is marked \"not yet verified\"."
            : $"OpenRouter accepted the {kind.Name()}, and it was saved.");
        return RedirectToPage();
    }

    private void FlashWithWarning(string message, string? warning)
    {
        if (warning is null)
        {
            this.Flash(message);
        }
        else
        {
            this.FlashError($"{message} {warning}");
        }
    }

    private async Task<IActionResult> ShowAsync(CancellationToken cancellationToken)
    {
        var result = await sender.Send(new GetTenantKeysQuery(), cancellationToken);
        if (!result.IsSuccess)
        {
            return result.Error!.ToPageResult(this);
        }

        Data = result.Value;

        // The radio buttons show the policy in force, not one a refused post asked for (whose error stays beside them).
        KeyPolicy.Policy = Data.Policy;
        var field = $"{nameof(KeyPolicy)}.{nameof(PolicyInput.Policy)}";
        if (ModelState.ContainsKey(field))
        {
            ModelState.SetModelValue(field, Data.Policy.ToString(), Data.Policy.ToString());
        }

        return Page();
    }

    public sealed class TenantKeyInput
    {
        public string? Key { get; set; }

        public bool SaveUnverified { get; set; }
    }

    public sealed class PolicyInput
    {
        public KeyPolicy Policy { get; set; }
    }
}
