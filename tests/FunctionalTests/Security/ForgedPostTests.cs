using System.Net;
using OpenRouterSaaS.Domain.Tenants;
using OpenRouterSaaS.FunctionalTests.Infrastructure;

namespace OpenRouterSaaS.FunctionalTests.Security;

/// <summary>
/// A form posted from another site carries the person's cookies but not the antiforgery token of the site's own
/// form: it is refused with 400 and changes nothing.
/// </summary>
public sealed class ForgedPostTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task Creating_a_tenant_without_the_token_is_refused()
    {
        var person = await fixture.SignUpAsync();
        var slug = Unique.Slug("forged");

        var page = await person.PostAsync("/tenants/new", [("Input.Name", "Forged"), ("Input.Slug", slug)]);

        AssertRefused(page);
        Assert.Null(await fixture.Stored.TenantAsync(slug));
    }

    [Fact]
    public async Task Inviting_without_the_token_is_refused()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();

        var page = await owner.PostAsync($"/t/{slug}/admin/members?handler=Invite", [("Invite.Email", Unique.Email("attacker")), ("Invite.Role", "Owner")]);

        AssertRefused(page);
        Assert.Equal(0, await fixture.Stored.InvitationCountAsync(slug));
    }

    [Fact]
    public async Task Leaving_without_the_token_is_refused()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var member = await fixture.AddMemberAsync(owner, slug);

        var page = await member.PostAsync($"/t/{slug}/leave", []);

        AssertRefused(page);
        Assert.Equal(TenantRole.Member, await fixture.Stored.RoleAsync(slug, member.Email));
    }

    [Fact]
    public async Task Accepting_an_invitation_without_the_token_is_refused()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var invitee = await fixture.SignUpAsync("invitee");
        var link = await owner.InviteAsync(slug, invitee.Email);

        var page = await invitee.PostAsync(new Uri(link).AbsolutePath, []);

        AssertRefused(page);
        Assert.Null(await fixture.Stored.RoleAsync(slug, invitee.Email));
        Assert.Null(Assert.Single(await fixture.Stored.InvitationsForAsync(invitee.Email)).AcceptedAt);
    }

    [Fact]
    public async Task Changing_a_role_with_someone_elses_token_is_refused()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var member = await fixture.AddMemberAsync(owner, slug);
        var attacker = await fixture.SignUpAsync("attacker");
        var members = await owner.GetAsync($"/t/{slug}/admin/members");
        var row = $"tr[data-member=\"{member.Email}\"]";
        // A token lifted from the attacker's own session does not match the owner's cookies.
        var attackersToken = (await attacker.GetAsync("/tenants/new")).Get($"input[name=\"{TestUser.AntiforgeryField}\"]").GetAttribute("value")!;

        var page = await owner.SubmitAsync(members, $"{row} form[action$=\"handler=ChangeRole\"]",
            ("role", "Owner"), (TestUser.AntiforgeryField, attackersToken));

        AssertRefused(page);
        Assert.Equal(TenantRole.Member, await fixture.Stored.RoleAsync(slug, member.Email));
    }

    private static void AssertRefused(HtmlPage page)
    {
        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Equal("The request could not be accepted", page.Heading);
    }
}
