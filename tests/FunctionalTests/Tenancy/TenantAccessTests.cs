using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using OpenRouterSaaS.Domain.Tenants;
using OpenRouterSaaS.FunctionalTests.Infrastructure;

namespace OpenRouterSaaS.FunctionalTests.Tenancy;

/// <summary>A tenant is invisible to everyone outside it: no page, no action, not even a hint that it exists.</summary>
public sealed class TenantAccessTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    [Theory]
    [InlineData("")]
    [InlineData("/admin/members")]
    [InlineData("/owner/settings")]
    [InlineData("/leave")]
    public async Task A_signed_in_non_member_gets_not_found(string page)
    {
        var (_, slug) = await fixture.TenantWithOwnerAsync();
        var outsider = await fixture.SignUpAsync("outsider");

        var response = await outsider.GetAsync($"/t/{slug}{page}");

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("Page not found", response.Heading);
    }

    [Fact]
    public async Task A_tenant_that_does_not_exist_looks_the_same_as_one_the_person_is_not_in()
    {
        var person = await fixture.SignUpAsync();

        var response = await person.GetAsync($"/t/{Unique.Slug("nowhere")}/admin/members");

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("Page not found", response.Heading);
    }

    [Fact]
    public async Task A_non_members_posts_get_not_found_and_change_nothing()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var member = await fixture.AddMemberAsync(owner, slug);
        var outsider = await fixture.SignUpAsync("outsider");
        var membershipId = (await owner.GetAsync($"/t/{slug}/admin/members"))
            .Get($"tr[data-member=\"{member.Email}\"] input[name=\"membershipId\"]").GetAttribute("value")!;

        // Each with a valid antiforgery token of the outsider's own, so only the missing membership stops them.
        var attempts = new (string Url, (string, string)[] Fields)[]
        {
            ($"/t/{slug}/admin/members?handler=Invite", [("Invite.Email", outsider.Email), ("Invite.Role", "Owner")]),
            ($"/t/{slug}/admin/members?handler=ChangeRole", [("membershipId", membershipId), ("role", "Owner")]),
            ($"/t/{slug}/admin/members?handler=Remove", [("membershipId", membershipId)]),
            ($"/t/{slug}/owner/settings?handler=Rename", [("Rename.Name", "Taken over")]),
            ($"/t/{slug}/owner/settings?handler=Delete", [("Delete.ConfirmSlug", slug)]),
            ($"/t/{slug}/leave", []),
        };
        foreach (var (url, fields) in attempts)
        {
            var response = await outsider.PostAsync(url, fields, withAntiforgeryToken: true);
            Assert.True(HttpStatusCode.NotFound == response.Status, $"POST {url} answered {(int)response.Status}, not 404.");
        }

        Assert.Equal($"Tenant {slug}", (await fixture.Stored.TenantAsync(slug))?.Name);
        Assert.Equal(1, await fixture.Stored.InvitationCountAsync(slug)); // the member's own, accepted
        Assert.Equal(TenantRole.Member, await fixture.Stored.RoleAsync(slug, member.Email));
        Assert.Null(await fixture.Stored.RoleAsync(slug, outsider.Email));
    }

    [Theory]
    [InlineData("")]
    [InlineData("/admin/members")]
    public async Task Someone_not_signed_in_is_sent_to_sign_in_whether_or_not_the_tenant_exists(string page)
    {
        var (_, slug) = await fixture.TenantWithOwnerAsync();
        var visitor = fixture.Visitor();

        foreach (var path in new[] { $"/t/{slug}{page}", $"/t/{Unique.Slug("nowhere")}{page}" })
        {
            var response = await visitor.GetAsync(path);

            Assert.True(response.IsAt("/Identity/Account/Login"), $"{path} ended on {response.Url}");
            Assert.Equal(path, QueryHelpers.ParseQuery(response.Url.Query)["ReturnUrl"].ToString());
        }
    }

    [Fact]
    public async Task After_signing_in_from_a_tenant_link_a_non_member_gets_not_found()
    {
        var (_, slug) = await fixture.TenantWithOwnerAsync();
        var outsider = fixture.Visitor("outsider");
        await outsider.RegisterAsync();
        await outsider.ConfirmEmailAsync();

        var response = await outsider.SignInAsync(returnUrl: $"/t/{slug}");

        Assert.Equal($"/t/{slug}", response.Path);
        Assert.Equal(HttpStatusCode.NotFound, response.Status);
    }

    [Fact]
    public async Task An_admin_cannot_reach_another_tenants_members_or_invitations_through_their_ids()
    {
        var (ownerOfA, slugA) = await fixture.TenantWithOwnerAsync("owner-a");
        var memberOfA = await fixture.AddMemberAsync(ownerOfA, slugA, who: "member-a");
        var inviteeOfA = Unique.Email("invitee-a");
        await ownerOfA.InviteAsync(slugA, inviteeOfA);
        var pageOfA = await ownerOfA.GetAsync($"/t/{slugA}/admin/members");
        var membershipOfA = pageOfA.Get($"tr[data-member=\"{memberOfA.Email}\"] input[name=\"membershipId\"]").GetAttribute("value")!;
        var invitationOfA = pageOfA.Get($"tr[data-invitation=\"{inviteeOfA}\"] input[name=\"invitationId\"]").GetAttribute("value")!;
        var (ownerOfB, slugB) = await fixture.TenantWithOwnerAsync("owner-b");
        var inviteeOfB = Unique.Email("invitee-b");
        await ownerOfB.InviteAsync(slugB, inviteeOfB);

        // B's owner uses the forms of B's own page, with valid tokens, and puts A's ids in them.
        var pageOfB = await ownerOfB.GetAsync($"/t/{slugB}/admin/members");
        var ownRow = $"tr[data-member=\"{ownerOfB.Email}\"]";
        var changeRole = await ownerOfB.SubmitAsync(pageOfB, $"{ownRow} form[action$=\"handler=ChangeRole\"]", ("membershipId", membershipOfA), ("role", "Admin"));
        var remove = await ownerOfB.SubmitAsync(pageOfB, $"{ownRow} form[action$=\"handler=Remove\"]", ("membershipId", membershipOfA));
        var revoke = await ownerOfB.SubmitAsync(pageOfB, $"tr[data-invitation=\"{inviteeOfB}\"] form", ("invitationId", invitationOfA));

        Assert.Equal("That member was not found in this tenant.", changeRole.StatusMessage);
        Assert.Equal("That member was not found in this tenant.", remove.StatusMessage);
        Assert.Equal("That invitation was not found in this tenant.", revoke.StatusMessage);
        Assert.Equal(TenantRole.Member, await fixture.Stored.RoleAsync(slugA, memberOfA.Email));
        Assert.Null(Assert.Single(await fixture.Stored.InvitationsForAsync(inviteeOfA)).RevokedAt);
        Assert.Null(Assert.Single(await fixture.Stored.InvitationsForAsync(inviteeOfB)).RevokedAt);
    }
}
