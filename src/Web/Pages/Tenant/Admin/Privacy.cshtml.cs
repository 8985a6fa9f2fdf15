using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OpenRouterSaaS.Application.Privacy.GetPrivacy;
using OpenRouterSaaS.Application.Privacy.SetZeroDataRetention;
using OpenRouterSaaS.Web.Pages.Shared;

namespace OpenRouterSaaS.Web.Pages.Tenant.Admin;

/// <summary>The tenant's privacy rule: whether every call runs under zero data retention.</summary>
public sealed class PrivacyModel(ISender sender) : PageModel
{
    public const string RequiredMessage = "Every call of this tenant now runs under zero data retention.";
    public const string NotRequiredMessage = "Zero data retention is no longer required; members may still ask for it on a call.";

    [BindProperty]
    public PrivacyInput Input { get; set; } = new();

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Input.RequireZeroDataRetention = (await sender.Send(new GetPrivacyQuery(), cancellationToken)).RequiresZeroDataRetention;

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var required = Input.RequireZeroDataRetention;
        this.Flash(await sender.Send(new SetZeroDataRetentionCommand(required), cancellationToken), required ? RequiredMessage : NotRequiredMessage);
        return RedirectToPage();
    }

    public sealed class PrivacyInput
    {
        public bool RequireZeroDataRetention { get; set; }
    }
}
