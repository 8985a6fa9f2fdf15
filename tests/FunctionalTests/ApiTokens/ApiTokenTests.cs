using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OpenRouterSaaS.Application.ApiTokens.AuthenticateApiToken;
using OpenRouterSaaS.Application.ApiTokens.CreateApiToken;
using OpenRouterSaaS.Application.Common.Security;
using OpenRouterSaaS.Domain.ApiTokens;
using OpenRouterSaaS.FunctionalTests.Infrastructure;

namespace OpenRouterSaaS.FunctionalTests.ApiTokens;

/// <summary>
/// A member's own API tokens: made on one page, shown once, listed with their status and last use, revoked.
/// The tests never print a token: a failing assertion says what was wrong, not what the token was.
/// </summary>
public sealed class ApiTokenTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task A_new_token_is_shown_once_and_only_its_hash_is_stored()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var member = await fixture.AddMemberAsync(owner, slug);

        var (page, token) = await member.CreateApiTokenAsync(slug, "laptop");

        Assert.True(ApiTokenFormat.IsWellFormed(token), "The page did not show a token of the form ors_ and 43 base64url characters.");
        Assert.Contains("you won't see it again", page.Text("#new-token"), StringComparison.Ordinal);
        Assert.Equal("new-token-value", page.Get("#copy-new-token").GetAttribute("data-copy-target"));
        Assert.Equal("Active", page.Text("tr[data-token-name=\"laptop\"] .token-status"));
        var stored = Assert.Single(await fixture.Stored.ApiTokensOfAsync(slug, member.Email));
        Assert.Equal(OpaqueToken.Hash(token), stored.TokenHash);
        Assert.Equal(token[^4..], stored.Hint);
        Assert.False((await fixture.Stored.RowsAsTextAsync("api_tokens")).Any(row => row.Contains(token[4..], StringComparison.Ordinal)), "The api_tokens table holds the token.");

        var again = await member.GetAsync($"/t/{slug}/tokens");

        Assert.False(again.Has("#new-token"), "The token was shown a second time.");
        Assert.False(again.Source.Contains(token[4..], StringComparison.Ordinal), "The tokens page shows the token again.");
        Assert.Equal("ors_…" + token[^4..], again.Text("tr[data-token-name=\"laptop\"] .token-masked"));
    }

    [Fact]
    public async Task The_page_that_shows_a_new_token_is_not_cached()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var tokens = await owner.GetAsync($"/t/{slug}/tokens");
        var form = tokens.Get("#create-token-form");
        var antiforgery = form.QuerySelector($"input[name=\"{TestUser.AntiforgeryField}\"]")!.GetAttribute("value")!;

        using var response = await owner.PostRawAsync($"/t/{slug}/tokens?handler=Create", [("Create.Name", "CI"), ("Create.ExpiresOn", ""), (TestUser.AntiforgeryField, antiforgery)]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task The_list_shows_each_tokens_expiry_and_when_it_was_last_used()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var expiresOn = DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime).AddDays(30).ToString("yyyy-MM-dd");
        var (_, used) = await owner.CreateApiTokenAsync(slug, "used", expiresOn);
        await owner.CreateApiTokenAsync(slug, "idle");

        await AuthenticateAsync(used);
        var page = await owner.GetAsync($"/t/{slug}/tokens");

        Assert.Equal(expiresOn, page.Text("tr[data-token-name=\"used\"] .token-expires"));
        Assert.Equal("Never", page.Text("tr[data-token-name=\"idle\"] .token-expires"));
        Assert.EndsWith("UTC", page.Text("tr[data-token-name=\"used\"] .token-last-used"), StringComparison.Ordinal);
        Assert.Equal("Never", page.Text("tr[data-token-name=\"idle\"] .token-last-used"));
        // Newest first.
        Assert.Equal(["idle", "used"], page.Texts("#tokens-table .token-name"));
    }

    [Fact]
    public async Task A_token_past_its_expiry_date_shows_as_expired_and_is_refused()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var tomorrow = DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime).AddDays(1).ToString("yyyy-MM-dd");
        var (_, token) = await owner.CreateApiTokenAsync(slug, "short-lived", tomorrow);

        using (fixture.Clock.Travel(TimeSpan.FromDays(2)))
        {
            var page = await owner.GetAsync($"/t/{slug}/tokens");

            Assert.Equal("Expired", page.Text("tr[data-token-name=\"short-lived\"] .token-status"));
            Assert.Equal(ApiTokenRejection.Expired, (await AuthenticateAsync(token)).Rejection);
        }
    }

    [Fact]
    public async Task Revoking_a_token_stops_it_at_once()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var member = await fixture.AddMemberAsync(owner, slug);
        var (_, token) = await member.CreateApiTokenAsync(slug, "laptop");

        var page = await member.RevokeApiTokenAsync(slug, "laptop");

        Assert.Equal("Token revoked. Programs that use it are refused from now on.", page.StatusMessage);
        Assert.Equal("Revoked", page.Text("tr[data-token-name=\"laptop\"] .token-status"));
        Assert.False(page.Has("tr[data-token-name=\"laptop\"] form"), "A revoked token still offers Revoke.");
        Assert.Equal(ApiTokenRejection.Revoked, (await AuthenticateAsync(token)).Rejection);
        var stored = Assert.Single(await fixture.Stored.ApiTokensOfAsync(slug, member.Email));
        Assert.Equal((await fixture.Stored.UserAsync(member.Email))!.Id, stored.RevokedByUserId);
    }

    [Fact]
    public async Task Revoking_twice_says_so_and_keeps_the_first_revocation()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        await owner.CreateApiTokenAsync(slug, "laptop");
        var before = await owner.GetAsync($"/t/{slug}/tokens");
        await owner.SubmitAsync(before, "tr[data-token-name=\"laptop\"] form");
        var revokedAt = Assert.Single(await fixture.Stored.ApiTokensOfAsync(slug, owner.Email)).RevokedAt;

        using (fixture.Clock.Travel(TimeSpan.FromMinutes(5)))
        {
            // The same form again, as from a second tab opened before the first revoke.
            var page = await owner.SubmitAsync(before, "tr[data-token-name=\"laptop\"] form");

            Assert.Equal("The token \"laptop\" was already revoked.", page.StatusMessage);
            Assert.True(page.Has("#status-message.alert-danger"), "The repeated revoke was not shown as an error.");
        }

        Assert.Equal(revokedAt, Assert.Single(await fixture.Stored.ApiTokensOfAsync(slug, owner.Email)).RevokedAt);
        Assert.Single(await fixture.Stored.AuditEntriesAsync(slug), entry => entry.Action == "api_token.revoked");
    }

    [Theory]
    [InlineData("", "", CreateApiTokenValidator.NameRequiredMessage, "Create.Name")]
    [InlineData("   ", "", CreateApiTokenValidator.NameRequiredMessage, "Create.Name")]
    [InlineData("past", "2000-01-01", ApiTokenExpiry.NotInTheFutureMessage, "Create.ExpiresOn")]
    [InlineData("far", "+400", ApiTokenExpiry.TooFarMessage, "Create.ExpiresOn")]
    [InlineData("today", "+0", ApiTokenExpiry.NotInTheFutureMessage, "Create.ExpiresOn")]
    [InlineData("garbled", "31/12/2099", "Enter the expiry date as a date, such as 2027-01-31, or leave it empty.", "Create.ExpiresOn")]
    public async Task A_bad_name_or_expiry_is_shown_next_to_its_field_and_nothing_is_stored(string name, string expiresOn, string message, string field)
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        if (expiresOn.StartsWith('+'))
        {
            expiresOn = DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime).AddDays(int.Parse(expiresOn[1..], System.Globalization.CultureInfo.InvariantCulture)).ToString("yyyy-MM-dd");
        }

        var page = await owner.TryCreateApiTokenAsync(slug, name, expiresOn);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(message, page.FieldError(field));
        Assert.False(page.Has("#new-token"), "A token was shown although the input was refused.");
        Assert.Equal(name, page.FieldValue("Create.Name"));
        Assert.Empty(await fixture.Stored.ApiTokensOfAsync(slug, owner.Email));
        Assert.Empty(await fixture.Stored.AuditEntriesAsync(slug));
    }

    [Fact]
    public async Task A_name_of_101_characters_is_refused_and_100_are_accepted()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();

        var refused = await owner.TryCreateApiTokenAsync(slug, new string('n', 101));
        var accepted = await owner.TryCreateApiTokenAsync(slug, new string('n', 100));

        Assert.Equal(CreateApiTokenValidator.NameTooLongMessage, refused.FieldError("Create.Name"));
        Assert.True(accepted.Has("#new-token-value"), "A 100-character name was refused.");
        Assert.Equal(new string('n', 100), Assert.Single(await fixture.Stored.ApiTokensOfAsync(slug, owner.Email)).Name);
    }

    [Fact]
    public async Task A_member_cannot_revoke_someone_elses_token_through_their_own_page()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var member = await fixture.AddMemberAsync(owner, slug);
        await owner.CreateApiTokenAsync(slug, "owners");
        var ownersTokenId = Assert.Single(await fixture.Stored.ApiTokensOfAsync(slug, owner.Email)).Id;
        await member.CreateApiTokenAsync(slug, "mine");
        var page = await member.GetAsync($"/t/{slug}/tokens");

        var refused = await member.SubmitAsync(page, "tr[data-token-name=\"mine\"] form", ("tokenId", ownersTokenId.ToString()));

        Assert.Equal("That token was not found in this tenant.", refused.StatusMessage);
        Assert.Null(Assert.Single(await fixture.Stored.ApiTokensOfAsync(slug, owner.Email)).RevokedAt);
    }

    [Fact]
    public async Task Another_tenants_token_id_is_not_found_and_the_token_stays_active()
    {
        var (ownerOfA, slugA) = await fixture.TenantWithOwnerAsync("owner-a");
        var (_, token) = await ownerOfA.CreateApiTokenAsync(slugA, "a-token");
        var tokenOfA = Assert.Single(await fixture.Stored.ApiTokensOfAsync(slugA, ownerOfA.Email));
        var (ownerOfB, slugB) = await fixture.TenantWithOwnerAsync("owner-b");
        await ownerOfB.CreateApiTokenAsync(slugB, "b-token");
        var pageOfB = await ownerOfB.GetAsync($"/t/{slugB}/tokens");
        var adminPageOfB = await ownerOfB.GetAsync($"/t/{slugB}/admin/tokens");

        var own = await ownerOfB.SubmitAsync(pageOfB, "tr[data-token-name=\"b-token\"] form", ("tokenId", tokenOfA.Id.ToString()));
        var admin = await ownerOfB.SubmitAsync(adminPageOfB, "tr[data-token-name=\"b-token\"] form", ("tokenId", tokenOfA.Id.ToString()));

        Assert.Equal("That token was not found in this tenant.", own.StatusMessage);
        Assert.Equal("That token was not found in this tenant.", admin.StatusMessage);
        Assert.Null(Assert.Single(await fixture.Stored.ApiTokensOfAsync(slugA, ownerOfA.Email)).RevokedAt);
        Assert.True((await AuthenticateAsync(token)).Succeeded, "Tenant A's token stopped working.");
    }

    [Fact]
    public async Task A_token_id_that_is_not_an_id_is_not_found()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        await owner.CreateApiTokenAsync(slug, "laptop");
        var page = await owner.GetAsync($"/t/{slug}/tokens");

        var refused = await owner.SubmitAsync(page, "tr[data-token-name=\"laptop\"] form", ("tokenId", "not-an-id"));

        Assert.Equal("That token was not found in this tenant.", refused.StatusMessage);
        Assert.Null(Assert.Single(await fixture.Stored.ApiTokensOfAsync(slug, owner.Email)).RevokedAt);
    }

    [Fact]
    public async Task Forged_posts_without_the_antiforgery_token_are_refused_and_change_nothing()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        await owner.CreateApiTokenAsync(slug, "laptop");
        var tokenId = Assert.Single(await fixture.Stored.ApiTokensOfAsync(slug, owner.Email)).Id;

        var create = await owner.PostAsync($"/t/{slug}/tokens?handler=Create", [("Create.Name", "forged")]);
        var revoke = await owner.PostAsync($"/t/{slug}/tokens?handler=Revoke", [("tokenId", tokenId.ToString())]);
        var adminRevoke = await owner.PostAsync($"/t/{slug}/admin/tokens?handler=Revoke", [("tokenId", tokenId.ToString())]);

        Assert.All(new[] { create, revoke, adminRevoke }, page => Assert.Equal(HttpStatusCode.BadRequest, page.Status));
        Assert.Equal("The request could not be accepted", create.Heading);
        var stored = Assert.Single(await fixture.Stored.ApiTokensOfAsync(slug, owner.Email));
        Assert.Null(stored.RevokedAt);
    }

    [Fact]
    public async Task The_navigation_and_the_dashboard_lead_to_the_tokens_page()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var member = await fixture.AddMemberAsync(owner, slug);

        var dashboard = await member.GetAsync($"/t/{slug}");

        Assert.Equal($"/t/{slug}/tokens", dashboard.Href("#nav-tokens"));
        Assert.Equal($"/t/{slug}/tokens", dashboard.Href("#dashboard-tokens"));
        Assert.False(dashboard.Has("#nav-audit"), "A member is offered the audit log.");
        var empty = await member.GetAsync(dashboard.Href("#nav-tokens"));
        Assert.Equal("API tokens", empty.Heading);
        Assert.Equal("You have no tokens in this tenant yet.", empty.Text("#no-tokens"));
    }

    private async Task<ApiTokenAuthentication> AuthenticateAsync(string token)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IApiTokenAuthenticator>().AuthenticateAsync(token);
    }
}
