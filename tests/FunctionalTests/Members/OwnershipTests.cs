using System.Net;
using OpenRouterSaaS.Domain.Tenants;
using OpenRouterSaaS.FunctionalTests.Infrastructure;

namespace OpenRouterSaaS.FunctionalTests.Members;

/// <summary>A tenant always keeps an owner, and only owners hand out or take away ownership.</summary>
public sealed class OwnershipTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private const string LastOwner = "A tenant must keep at least one owner. Make another member an owner first.";

    [Fact]
    public async Task The_only_owner_cannot_leave()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var leave = await owner.GetAsync($"/t/{slug}/leave");

        var refused = await owner.SubmitAsync(leave, "#leave-submit");

        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Equal($"/t/{slug}/leave", refused.Path);
        Assert.Equal(LastOwner, refused.Text(".validation-summary-errors"));
        Assert.Equal(TenantRole.Owner, await fixture.Stored.RoleAsync(slug, owner.Email));
        Assert.Equal("You are an Owner", (await owner.GetAsync($"/t/{slug}")).Text("#my-role"));
    }

    [Fact]
    public async Task The_only_owner_cannot_be_demoted_or_removed_and_the_page_says_why()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var members = await owner.GetAsync($"/t/{slug}/admin/members");
        var ownRow = $"tr[data-member=\"{owner.Email}\"]";
        // The page does not offer it...
        Assert.True(members.Get($"{ownRow} form[action$=\"handler=ChangeRole\"] button").HasAttribute("disabled"));
        Assert.True(members.Get($"{ownRow} form[action$=\"handler=Remove\"] button").HasAttribute("disabled"));

        // ...and the server refuses it when the form is sent anyway.
        var demoted = await owner.ChangeRoleAsync(slug, owner.Email, "Admin");
        Assert.Equal(LastOwner, demoted.StatusMessage);
        var removed = await owner.RemoveMemberAsync(slug, owner.Email);
        Assert.Equal(LastOwner, removed.StatusMessage);

        Assert.Equal(TenantRole.Owner, await fixture.Stored.RoleAsync(slug, owner.Email));
        Assert.Equal("Owner", (await owner.GetAsync($"/t/{slug}/admin/members")).Text($"{ownRow} option[selected]"));
    }

    [Fact]
    public async Task With_two_owners_one_can_be_made_admin_and_then_the_other_is_the_last()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var second = await fixture.AddMemberAsync(owner, slug, "Owner", "second-owner");
        Assert.Equal(TenantRole.Owner, await fixture.Stored.RoleAsync(slug, second.Email));

        var demoted = await second.ChangeRoleAsync(slug, owner.Email, "Admin");

        Assert.Equal("Role changed to Admin.", demoted.StatusMessage);
        Assert.Equal(TenantRole.Admin, await fixture.Stored.RoleAsync(slug, owner.Email));
        var refused = await second.ChangeRoleAsync(slug, second.Email, "Member");
        Assert.Equal(LastOwner, refused.StatusMessage);
        Assert.Equal(TenantRole.Owner, await fixture.Stored.RoleAsync(slug, second.Email));
    }

    [Fact]
    public async Task One_of_two_owners_can_leave()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var second = await fixture.AddMemberAsync(owner, slug, "Owner", "second-owner");
        var leave = await owner.GetAsync($"/t/{slug}/leave");

        var left = await owner.SubmitAsync(leave, "#leave-submit");

        Assert.Equal("/tenants", left.Path);
        Assert.Equal($"You left {slug}.", left.StatusMessage);
        Assert.Null(await fixture.Stored.RoleAsync(slug, owner.Email));
        Assert.Equal(TenantRole.Owner, await fixture.Stored.RoleAsync(slug, second.Email));
    }

    [Fact]
    public async Task An_admin_cannot_make_anyone_an_owner()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var admin = await fixture.AddMemberAsync(owner, slug, "Admin", "admin");
        var member = await fixture.AddMemberAsync(owner, slug);

        var promoted = await admin.ChangeRoleAsync(slug, member.Email, "Owner");
        var selfPromoted = await admin.ChangeRoleAsync(slug, admin.Email, "Owner");
        var invited = await admin.TryInviteAsync(slug, Unique.Email("would-be-owner"), "Owner");

        Assert.Equal("Only an owner can grant the Owner role or change an owner's membership.", promoted.StatusMessage);
        Assert.Equal("Only an owner can grant the Owner role or change an owner's membership.", selfPromoted.StatusMessage);
        Assert.Equal("Only an owner can invite someone as an owner.", invited.Text("#invite-form .validation-summary-errors"));
        Assert.Equal(TenantRole.Member, await fixture.Stored.RoleAsync(slug, member.Email));
        Assert.Equal(TenantRole.Admin, await fixture.Stored.RoleAsync(slug, admin.Email));
        Assert.Equal(2, await fixture.Stored.InvitationCountAsync(slug)); // the admin's and the member's own
    }

    [Fact]
    public async Task An_admin_cannot_demote_or_remove_an_owner()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var admin = await fixture.AddMemberAsync(owner, slug, "Admin", "admin");
        await fixture.AddMemberAsync(owner, slug, "Owner", "second-owner");

        var demoted = await admin.ChangeRoleAsync(slug, owner.Email, "Member");
        var removed = await admin.RemoveMemberAsync(slug, owner.Email);

        Assert.Equal("Only an owner can grant the Owner role or change an owner's membership.", demoted.StatusMessage);
        Assert.Equal("Only an owner can grant the Owner role or change an owner's membership.", removed.StatusMessage);
        Assert.Equal(TenantRole.Owner, await fixture.Stored.RoleAsync(slug, owner.Email));
    }

    [Fact]
    public async Task A_removed_member_loses_access_at_once()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var member = await fixture.AddMemberAsync(owner, slug);
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync($"/t/{slug}")).Status);

        var removed = await owner.RemoveMemberAsync(slug, member.Email);

        Assert.Equal("Member removed.", removed.StatusMessage);
        Assert.False(removed.Has($"tr[data-member=\"{member.Email}\"]"));
        Assert.Null(await fixture.Stored.RoleAsync(slug, member.Email));
        var after = await member.GetAsync($"/t/{slug}");
        Assert.Equal(HttpStatusCode.NotFound, after.Status);
        Assert.False((await member.GetAsync("/tenants")).Has("#tenant-list"));
    }

    [Fact]
    public async Task A_member_can_leave_and_then_no_longer_sees_the_tenant()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var member = await fixture.AddMemberAsync(owner, slug);
        var leave = await member.GetAsync($"/t/{slug}/leave");

        var left = await member.SubmitAsync(leave, "#leave-submit");

        Assert.Equal($"You left {slug}.", left.StatusMessage);
        Assert.Null(await fixture.Stored.RoleAsync(slug, member.Email));
        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync($"/t/{slug}")).Status);
    }
}
