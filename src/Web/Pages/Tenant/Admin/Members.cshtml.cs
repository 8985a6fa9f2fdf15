using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OpenRouterSaaS.Application.Invitations.CreateInvitation;
using OpenRouterSaaS.Application.Invitations.RevokeInvitation;
using OpenRouterSaaS.Application.Members.ChangeMemberRole;
using OpenRouterSaaS.Application.Members.GetMembers;
using OpenRouterSaaS.Application.Members.RemoveMember;
using OpenRouterSaaS.Application.Members.SetSharedKeyAccess;
using OpenRouterSaaS.Domain.Tenants;
using OpenRouterSaaS.Web.Pages.Shared;
using OpenRouterSaaS.Web.Results;

namespace OpenRouterSaaS.Web.Pages.Tenant.Admin;

public sealed class MembersModel(ISender sender) : PageModel
{
    public MembersPage Data { get; private set; } = new([], [], 0);

    [BindProperty]
    public InviteInput Invite { get; set; } = new();

    /// <summary>The link of the invitation just created: shown once, right after creating it.</summary>
    [TempData]
    public string? NewInvitationLink { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await ShowAsync(cancellationToken);

    public async Task<IActionResult> OnPostInviteAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return await ShowAsync(cancellationToken);
        }

        var result = await sender.Send(new CreateInvitationCommand(Invite.Email ?? "", Invite.Role), cancellationToken);
        if (!result.IsSuccess)
        {
            result.Error!.AddTo(ModelState, nameof(Invite));
            return await ShowAsync(cancellationToken);
        }

        NewInvitationLink = result.Value.Link;
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostChangeRoleAsync(Guid membershipId, TenantRole role, CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            this.Flash(await sender.Send(new ChangeMemberRoleCommand(membershipId, role), cancellationToken), $"Role changed to {role}.");
        }
        else
        {
            this.FlashError("Choose a member and one of the roles Owner, Admin or Member.");
        }

        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid membershipId, CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            this.Flash(await sender.Send(new RemoveMemberCommand(membershipId), cancellationToken), "Member removed.");
        }
        else
        {
            this.FlashError("That member was not found in this tenant.");
        }

        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostSharedKeyAccessAsync(Guid membershipId, bool allowed, CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            this.Flash(await sender.Send(new SetSharedKeyAccessCommand(membershipId, allowed), cancellationToken),
                allowed ? "The member may now use the shared key." : "The member may no longer use the shared key.");
        }
        else
        {
            this.FlashError("Choose a member and whether they may use the shared key.");
        }

        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid invitationId, CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            this.Flash(await sender.Send(new RevokeInvitationCommand(invitationId), cancellationToken), "Invitation revoked; its link no longer works.");
        }
        else
        {
            this.FlashError("That invitation was not found in this tenant.");
        }

        return RedirectToPage();
    }

    private async Task<IActionResult> ShowAsync(CancellationToken cancellationToken)
    {
        var result = await sender.Send(new GetMembersQuery(), cancellationToken);
        if (!result.IsSuccess)
        {
            return result.Error!.ToPageResult(this);
        }

        Data = result.Value;
        return Page();
    }

    public sealed class InviteInput
    {
        public string? Email { get; set; }

        public TenantRole Role { get; set; } = TenantRole.Member;
    }
}
