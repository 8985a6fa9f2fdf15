using System.Net;
using OpenRouterSaaS.FunctionalTests.Infrastructure;

namespace OpenRouterSaaS.FunctionalTests.ApiTokens;

/// <summary>Admins see and revoke every member's tokens, but never a token itself; members and outsiders get no further than their own.</summary>
public sealed class AdminApiTokenTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task An_admin_sees_a_members_token_without_ever_seeing_the_token_and_revokes_it()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var admin = await fixture.AddMemberAsync(owner, slug, "Admin", who: "admin");
        var member = await fixture.AddMemberAsync(owner, slug, who: "member");
        var (_, token) = await member.CreateApiTokenAsync(slug, "laptop");
        var row = $"tr[data-owner=\"{member.Email}\"][data-token-name=\"laptop\"]";

        var list = await admin.GetAsync($"/t/{slug}/admin/tokens");

        Assert.Equal("Members' API tokens", list.Heading);
        Assert.Equal(member.Email, list.Text($"{row} .token-owner"));
        Assert.Equal("Active", list.Text($"{row} .token-status"));
        Assert.Equal("Never", list.Text($"{row} .token-last-used"));
        Assert.Equal("ors_…" + token[^4..], list.Text($"{row} .token-masked"));
        Assert.False(list.Source.Contains(token[4..], StringComparison.Ordinal), "The admin's page shows the member's token.");

        var revoked = await admin.SubmitAsync(list, $"{row} form");

        Assert.Equal("Token revoked. Programs that use it are refused from now on.", revoked.StatusMessage);
        Assert.Equal("Revoked", revoked.Text($"{row} .token-status"));
        Assert.False(revoked.Source.Contains(token[4..], StringComparison.Ordinal), "The admin's page shows the member's token.");
        Assert.Equal("Revoked", (await member.GetAsync($"/t/{slug}/tokens")).Text("tr[data-token-name=\"laptop\"] .token-status"));
        var stored = Assert.Single(await fixture.Stored.ApiTokensOfAsync(slug, member.Email));
        Assert.Equal((await fixture.Stored.UserAsync(admin.Email))!.Id, stored.RevokedByUserId);
        var entry = (await fixture.Stored.AuditEntriesAsync(slug)).Last();
        Assert.Equal(("api_token.revoked", $"Revoked the API token \"laptop\" of {member.Email}."), (entry.Action, entry.Summary));
    }

    [Fact]
    public async Task With_no_tokens_the_admin_page_says_so()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();

        var page = await owner.GetAsync($"/t/{slug}/admin/tokens");

        Assert.Equal("No member has created a token in this tenant yet.", page.Text("#no-tenant-tokens"));
    }

    [Theory]
    [InlineData("/admin/tokens")]
    [InlineData("/admin/audit")]
    public async Task A_member_is_refused_the_admin_token_and_audit_pages(string page)
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var member = await fixture.AddMemberAsync(owner, slug);

        var refused = await member.GetAsync($"/t/{slug}{page}");

        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Equal("You don't have access to this page", refused.Heading);
    }

    [Fact]
    public async Task A_member_cannot_revoke_through_the_admin_form_anyway()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var member = await fixture.AddMemberAsync(owner, slug);
        await owner.CreateApiTokenAsync(slug, "owners");
        var tokenId = Assert.Single(await fixture.Stored.ApiTokensOfAsync(slug, owner.Email)).Id;

        var refused = await member.PostAsync($"/t/{slug}/admin/tokens?handler=Revoke", [("tokenId", tokenId.ToString())], withAntiforgeryToken: true);

        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Null(Assert.Single(await fixture.Stored.ApiTokensOfAsync(slug, owner.Email)).RevokedAt);
    }

    [Theory]
    [InlineData("/tokens")]
    [InlineData("/admin/tokens")]
    [InlineData("/admin/audit")]
    public async Task A_non_member_gets_not_found(string page)
    {
        var (_, slug) = await fixture.TenantWithOwnerAsync();
        var outsider = await fixture.SignUpAsync("outsider");

        var response = await outsider.GetAsync($"/t/{slug}{page}");

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("Page not found", response.Heading);
    }

    [Fact]
    public async Task A_non_members_token_posts_get_not_found_and_change_nothing()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        await owner.CreateApiTokenAsync(slug, "owners");
        var tokenId = Assert.Single(await fixture.Stored.ApiTokensOfAsync(slug, owner.Email)).Id.ToString();
        var outsider = await fixture.SignUpAsync("outsider");

        var attempts = new (string Url, (string, string)[] Fields)[]
        {
            ($"/t/{slug}/tokens?handler=Create", [("Create.Name", "intruder")]),
            ($"/t/{slug}/tokens?handler=Revoke", [("tokenId", tokenId)]),
            ($"/t/{slug}/admin/tokens?handler=Revoke", [("tokenId", tokenId)]),
        };
        foreach (var (url, fields) in attempts)
        {
            var response = await outsider.PostAsync(url, fields, withAntiforgeryToken: true);
            Assert.True(HttpStatusCode.NotFound == response.Status, $"POST {url} answered {(int)response.Status}, not 404.");
        }

        Assert.Null(Assert.Single(await fixture.Stored.ApiTokensOfAsync(slug, owner.Email)).RevokedAt);
        Assert.Empty(await fixture.Stored.ApiTokensOfAsync(slug, outsider.Email));
    }

    [Fact]
    public async Task Admins_find_the_tokens_and_the_audit_log_in_the_navigation()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();

        var dashboard = await owner.GetAsync($"/t/{slug}");

        Assert.Equal($"/t/{slug}/admin/tokens", dashboard.Href("#nav-admin-tokens"));
        Assert.Equal($"/t/{slug}/admin/audit", dashboard.Href("#nav-audit"));
        Assert.Equal($"/t/{slug}/admin/tokens", dashboard.Href("#dashboard-admin-tokens"));
        Assert.Equal($"/t/{slug}/admin/audit", dashboard.Href("#dashboard-audit"));
    }
}
