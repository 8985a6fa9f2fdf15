using System.Net;
using OpenRouterSaaS.Domain.Tenants;
using OpenRouterSaaS.FunctionalTests.Infrastructure;

namespace OpenRouterSaaS.FunctionalTests.Members;

/// <summary>An admin brings a colleague in by link, and what each role may then open.</summary>
public sealed class InvitationJourneyTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task An_invitee_without_an_account_registers_from_the_link_accepts_and_becomes_a_member()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var invitee = fixture.Visitor("invitee");
        var link = await owner.InviteAsync(slug, invitee.Email);
        var invitationPath = new Uri(link).AbsolutePath;

        // Not signed in: the invitation offers to register or sign in, and comes back here afterwards.
        var invitation = await invitee.GetAsync(link);
        Assert.Equal($"Join Tenant {slug}", invitation.Heading);
        Assert.True(invitation.Has("#login-to-accept"));
        var register = await invitee.GetAsync(invitation.Href("#register-to-accept"));
        await invitee.SubmitAsync(register, "#register-submit",
            ("Input.Email", invitee.Email), ("Input.DisplayName", "Ida Invitee"),
            ("Input.Password", invitee.Password), ("Input.ConfirmPassword", invitee.Password));
        var confirmed = await invitee.ConfirmEmailAsync();
        var login = await invitee.GetAsync(confirmed.Href("#login-link"));
        var backAtInvitation = await invitee.SubmitAsync(login, "#login-submit", ("Input.Email", invitee.Email), ("Input.Password", invitee.Password));
        Assert.Equal(invitationPath, backAtInvitation.Path);

        var dashboard = await invitee.SubmitAsync(backAtInvitation, "#accept-invitation");

        Assert.Equal($"/t/{slug}", dashboard.Path);
        Assert.Equal("Welcome! You joined the tenant.", dashboard.StatusMessage);
        Assert.Equal("You are a Member", dashboard.Text("#my-role"));
        Assert.Equal("2", dashboard.Text("#member-count"));
        var members = await owner.GetAsync($"/t/{slug}/admin/members");
        Assert.Contains("Ida Invitee", members.Text($"tr[data-member=\"{invitee.Email}\"]"));
        Assert.Equal("Member", members.Text($"tr[data-member=\"{invitee.Email}\"] select[name=\"role\"] option[selected]"));
        Assert.Equal("Accepted", members.Text($"tr[data-invitation=\"{invitee.Email}\"] .badge"));
    }

    [Fact]
    public async Task A_member_made_admin_can_open_the_members_page()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var member = await fixture.AddMemberAsync(owner, slug);

        var changed = await owner.ChangeRoleAsync(slug, member.Email, "Admin");

        Assert.Equal("Role changed to Admin.", changed.StatusMessage);
        Assert.Equal(TenantRole.Admin, await fixture.Stored.RoleAsync(slug, member.Email));
        var members = await member.GetAsync($"/t/{slug}/admin/members");
        Assert.Equal(HttpStatusCode.OK, members.Status);
        Assert.Equal("Members", members.Heading);
        Assert.Equal("You are an Admin", (await member.GetAsync($"/t/{slug}")).Text("#my-role"));
    }

    [Theory]
    [InlineData("/admin/members")]
    [InlineData("/owner/settings")]
    public async Task A_member_is_refused_the_admin_and_owner_pages(string page)
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var member = await fixture.AddMemberAsync(owner, slug);

        var refused = await member.GetAsync($"/t/{slug}{page}");

        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.True(refused.IsAt("/Identity/Account/AccessDenied"));
        Assert.Equal("You don't have access to this page", refused.Heading);
    }

    [Fact]
    public async Task An_admin_is_refused_the_owner_settings()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var admin = await fixture.AddMemberAsync(owner, slug, "Admin");

        var refused = await admin.GetAsync($"/t/{slug}/owner/settings");

        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Equal("You don't have access to this page", refused.Heading);
    }

    [Fact]
    public async Task A_member_cannot_invite_by_posting_the_form_anyway()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var member = await fixture.AddMemberAsync(owner, slug);
        var invitationsBefore = await fixture.Stored.InvitationCountAsync(slug);

        var refused = await member.PostAsync($"/t/{slug}/admin/members?handler=Invite",
            [("Invite.Email", Unique.Email("friend")), ("Invite.Role", "Member")], withAntiforgeryToken: true);

        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Equal("You don't have access to this page", refused.Heading);
        Assert.Equal(invitationsBefore, await fixture.Stored.InvitationCountAsync(slug));
    }
}
