using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OpenRouterSaaS.Application.Invitations.AcceptInvitation;
using OpenRouterSaaS.Application.Invitations.GetInvitation;
using OpenRouterSaaS.Domain.Tenants;
using OpenRouterSaaS.Web.Pages.Shared;

namespace OpenRouterSaaS.Web.Pages.Invitations;

public sealed class AcceptModel(ISender sender) : PageModel
{
    public InvitationDetails? Details { get; private set; }

    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken cancellationToken)
    {
        await LoadAsync(token, cancellationToken);
        return Details is null ? NotFoundPage() : Page();
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken cancellationToken)
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return Challenge();
        }

        var result = await sender.Send(new AcceptInvitationCommand(token), cancellationToken);
        if (result.IsSuccess)
        {
            this.Flash("Welcome! You joined the tenant.");
            return Redirect($"/t/{result.Value}");
        }

        await LoadAsync(token, cancellationToken);
        if (Details is null)
        {
            return NotFoundPage();
        }

        ModelState.AddModelError(string.Empty, result.Error!.Message);
        Response.StatusCode = Results.ErrorMapping.StatusCode(result.Error);
        return Page();
    }

    private async Task LoadAsync(string token, CancellationToken cancellationToken)
    {
        var result = await sender.Send(new GetInvitationQuery(token), cancellationToken);
        Details = result.IsSuccess ? result.Value : null;
        Problem = result.Error?.Message ?? (Details is null ? null : Invitation.Unusable(Details.Status));
    }

    private PageResult NotFoundPage()
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }
}
