using System.Net;
using OpenRouterSaaS.Domain.Tenants;
using OpenRouterSaaS.FunctionalTests.Infrastructure;

namespace OpenRouterSaaS.FunctionalTests.Invitations;

/// <summary>An invitation link that can no longer be used says why, and lets no one in.</summary>
public sealed class InvitationProblemTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task An_expired_invitation_says_so_and_cannot_be_accepted()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var invitee = await fixture.SignUpAsync("invitee");
        var link = await owner.InviteAsync(slug, invitee.Email);
        var invitation = await invitee.GetAsync(link);

        using (fixture.Clock.Travel(Invitation.DefaultLifetime + TimeSpan.FromMinutes(1)))
        {
            var shown = await invitee.GetAsync(link);
            Assert.Equal("This invitation has expired. Ask an administrator of the tenant for a new one.", shown.Text("#invitation-problem"));
            Assert.False(shown.Has("#accept-invitation"));

            // The form opened before it expired is refused when sent after.
            var refused = await invitee.SubmitAsync(invitation, "#accept-invitation");
            Assert.Equal(HttpStatusCode.Conflict, refused.Status);
            Assert.Equal("This invitation has expired. Ask an administrator of the tenant for a new one.", refused.Text("#invitation-error"));
            Assert.Equal("Expired", (await owner.GetAsync($"/t/{slug}/admin/members")).Text($"tr[data-invitation=\"{invitee.Email}\"] .badge"));
        }

        Assert.Null(await fixture.Stored.RoleAsync(slug, invitee.Email));
        Assert.Null(Assert.Single(await fixture.Stored.InvitationsForAsync(invitee.Email)).AcceptedAt);
    }

    [Fact]
    public async Task A_used_invitation_cannot_be_accepted_again()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var invitee = await fixture.SignUpAsync("invitee");
        var link = await owner.InviteAsync(slug, invitee.Email);
        var invitation = await invitee.GetAsync(link);
        await invitee.SubmitAsync(invitation, "#accept-invitation");

        // The same form, sent a second time (a double click, the back button).
        var again = await invitee.SubmitAsync(invitation, "#accept-invitation");

        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Equal("This invitation has already been used.", again.Text("#invitation-error"));
        Assert.Equal([TenantRole.Member], await fixture.Stored.MembershipsOfAsync(slug, invitee.Email));
        Assert.Equal("This invitation has already been used.", (await invitee.GetAsync(link)).Text("#invitation-problem"));
    }

    [Fact]
    public async Task A_revoked_invitation_says_so_and_cannot_be_accepted()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var invitee = await fixture.SignUpAsync("invitee");
        var link = await owner.InviteAsync(slug, invitee.Email);
        var invitation = await invitee.GetAsync(link);

        var members = await owner.GetAsync($"/t/{slug}/admin/members");
        var revoked = await owner.SubmitAsync(members, $"tr[data-invitation=\"{invitee.Email}\"] form[action$=\"handler=Revoke\"]");

        Assert.Equal("Invitation revoked; its link no longer works.", revoked.StatusMessage);
        Assert.Equal("Revoked", revoked.Text($"tr[data-invitation=\"{invitee.Email}\"] .badge"));
        Assert.False(revoked.Has($"tr[data-invitation=\"{invitee.Email}\"] form"));
        Assert.Equal("This invitation was revoked by an administrator of the tenant.", (await invitee.GetAsync(link)).Text("#invitation-problem"));
        var refused = await invitee.SubmitAsync(invitation, "#accept-invitation");
        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Equal("This invitation was revoked by an administrator of the tenant.", refused.Text("#invitation-error"));
        Assert.Null(await fixture.Stored.RoleAsync(slug, invitee.Email));
    }

    [Fact]
    public async Task Revoking_an_invitation_twice_explains_it_is_no_longer_pending()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var email = Unique.Email("invitee");
        await owner.InviteAsync(slug, email);
        var members = await owner.GetAsync($"/t/{slug}/admin/members");
        var revokeForm = $"tr[data-invitation=\"{email}\"] form[action$=\"handler=Revoke\"]";
        await owner.SubmitAsync(members, revokeForm);

        var again = await owner.SubmitAsync(members, revokeForm);

        Assert.Equal("Only a pending invitation can be revoked; this one is revoked.", again.StatusMessage);
    }

    [Fact]
    public async Task Someone_else_signed_in_cannot_accept_an_invitation_sent_to_another_address()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var invitedEmail = Unique.Email("invitee");
        var link = await owner.InviteAsync(slug, invitedEmail);
        var otherPerson = await fixture.SignUpAsync("other");

        var refused = await otherPerson.TryAcceptInvitationAsync(link);

        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Equal(
            "This invitation was sent to another email address. Sign out and sign in as the invited person to accept it.",
            refused.Text("#invitation-error"));
        Assert.Null(await fixture.Stored.RoleAsync(slug, otherPerson.Email));
        var invitation = Assert.Single(await fixture.Stored.InvitationsForAsync(invitedEmail));
        Assert.Null(invitation.AcceptedAt);
        Assert.Equal(HttpStatusCode.NotFound, (await otherPerson.GetAsync($"/t/{slug}")).Status);
    }

    [Fact]
    public async Task An_unknown_invitation_link_is_not_found()
    {
        var person = await fixture.SignUpAsync();

        var page = await person.GetAsync("/invitations/no-such-token-" + Guid.NewGuid().ToString("N"));
        var posted = await person.PostAsync("/invitations/no-such-token", [], withAntiforgeryToken: true);

        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.Equal("Invitation not found", page.Heading);
        Assert.Equal("This invitation link is not valid. Check that you copied the whole link.", page.Text("#invitation-problem"));
        Assert.Equal(HttpStatusCode.NotFound, posted.Status);
        Assert.Equal("Invitation not found", posted.Heading);
    }

    [Fact]
    public async Task Inviting_someone_who_is_already_a_member_is_explained_and_nothing_is_created()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var member = await fixture.AddMemberAsync(owner, slug);

        var invited = await owner.TryInviteAsync(slug, member.Email, "Admin");

        Assert.Equal($"{member.Email} is already a member of this tenant.", invited.FieldError("Invite.Email"));
        Assert.False(invited.Has("#invitation-link"));
        Assert.Single(await fixture.Stored.InvitationsForAsync(member.Email));
    }

    [Theory]
    [InlineData("", "Enter the email address of the person to invite.")]
    [InlineData("not-an-email", "Enter a valid email address, such as name@example.com.")]
    public async Task An_invitation_to_a_bad_address_is_explained_and_not_created(string email, string message)
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();

        var page = await owner.TryInviteAsync(slug, email);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(message, page.FieldError("Invite.Email"));
        Assert.False(page.Has("#invitation-link"));
        Assert.Equal(0, await fixture.Stored.InvitationCountAsync(slug));
    }
}
