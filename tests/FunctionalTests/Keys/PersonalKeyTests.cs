using System.Net;
using System.Security.Cryptography;
using System.Text;
using OpenRouterSaaS.Application.Keys;
using OpenRouterSaaS.Application.Keys.SavePersonalKey;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.FunctionalTests.Infrastructure;
using OpenRouterSimulator;

namespace OpenRouterSaaS.FunctionalTests.Keys;

/// <summary>A member keeps their own OpenRouter key for a tenant: checked with OpenRouter, stored encrypted, shown only masked.</summary>
public sealed class PersonalKeyTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private const string Accepted = "OpenRouter accepted your key, and it was saved.";

    [Fact]
    public async Task A_member_saves_a_key_OpenRouter_accepts_and_then_sees_only_its_mask_fingerprint_and_details()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var member = await fixture.AddMemberAsync(owner, slug);
        var key = NewKey(limit: 5m);

        var saved = await member.TrySaveKeyAsync(slug, key);

        Assert.Equal(Accepted, saved.StatusMessage);
        Assert.Equal($"/t/{slug}/keys", saved.Path);
        Assert.Equal(Mask(key), saved.Text("#my-key-mask"));
        Assert.Equal(Fingerprint(key), saved.Text("#my-key-fingerprint"));
        Assert.Equal("Verified", saved.Text("#my-key-status"));
        Assert.Equal(("$5.00", "$5.00", "$0.00"), (saved.Text("#my-key-limit"), saved.Text("#my-key-remaining"), saved.Text("#my-key-usage")));
        Assert.EndsWith("UTC", saved.Text("#my-key-checked"), StringComparison.Ordinal);
        Assert.Equal("Never", saved.Text("#my-key-expires"));
        Assert.Equal($"Your own key ({Mask(key)}) pays for your calls in this tenant.", saved.Text("#key-decision"));
        Assert.Equal("This tenant uses your own key first, then the shared key.", saved.Text("#key-policy"));
        Assert.DoesNotContain(key, saved.Document.DocumentElement.OuterHtml, StringComparison.Ordinal);
        Assert.Equal("", saved.FieldValue("Input.Key"));

        var stored = Assert.Single(await fixture.Stored.CredentialsAsync(slug));
        Assert.Equal((CredentialKind.Personal, KeyStatus.Verified, Fingerprint(key)), (stored.Kind, stored.Status, stored.Fingerprint));
        Assert.StartsWith("v1.test.", stored.EncryptedKey, StringComparison.Ordinal);
        Assert.DoesNotContain(await fixture.Stored.CredentialRowsAsTextAsync(), row => row.Contains(key, StringComparison.Ordinal) || row.Contains(key[9..], StringComparison.Ordinal));

        var chosen = await fixture.ChooseKeyAsync(slug, member.Email);
        Assert.Equal((CredentialKind.Personal, stored.Id, key), (chosen.Value.Kind, chosen.Value.CredentialId, chosen.Value.ApiKey));
        Assert.DoesNotContain(key, chosen.Value.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_OpenRouter_rejects_is_not_stored_and_the_key_already_there_stays()
    {
        var (member, slug) = await fixture.TenantWithOwnerAsync("member");
        var first = NewKey();
        await member.SaveKeyAsync(slug, first);
        var unknown = "sk-or-v1-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

        var refused = await member.TrySaveKeyAsync(slug, unknown);

        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Equal(KeyVerification.RejectedMessage, refused.FieldError("Input.Key"));
        Assert.Null(refused.StatusMessage);
        Assert.Equal(Mask(first), refused.Text("#my-key-mask"));
        Assert.DoesNotContain(unknown, refused.Document.DocumentElement.OuterHtml, StringComparison.Ordinal);
        Assert.Equal(Fingerprint(first), Assert.Single(await fixture.Stored.CredentialsAsync(slug)).Fingerprint);
        Assert.Equal(first, (await fixture.ChooseKeyAsync(slug, member.Email)).Value.ApiKey);
    }

    [Theory]
    [InlineData("", "Enter an OpenRouter key.")]
    [InlineData("sk-ant-api03-abcdef", "An OpenRouter key starts with sk-or- (for example sk-or-v1-…); this does not look like one.")]
    [InlineData("openrouter", "An OpenRouter key starts with sk-or- (for example sk-or-v1-…); this does not look like one.")]
    [InlineData("sk-or-v1-abc def", "The key contains spaces, line breaks or other invisible characters; copy it again from OpenRouter.")]
    [InlineData(" sk-or-v1-abcdef", "The key contains spaces, line breaks or other invisible characters; copy it again from OpenRouter.")]
    [InlineData("sk-or-v1-abc\tdef", "The key contains spaces, line breaks or other invisible characters; copy it again from OpenRouter.")]
    [InlineData("sk-or-v1-abc\u0007def", "The key contains spaces, line breaks or other invisible characters; copy it again from OpenRouter.")]
    [InlineData("sk-or-v1-abc\u200Bdef", "The key contains spaces, line breaks or other invisible characters; copy it again from OpenRouter.")]
    public async Task A_key_of_the_wrong_shape_gets_a_field_error_and_OpenRouter_is_not_even_asked(string key, string expected)
    {
        var (member, slug) = await fixture.TenantWithOwnerAsync("member");
        var first = NewKey();
        await member.SaveKeyAsync(slug, first);
        var asked = KeyRequests();

        var refused = await member.TrySaveKeyAsync(slug, key);

        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Equal(expected, refused.FieldError("Input.Key"));
        Assert.Equal(asked, KeyRequests());
        Assert.Equal(Fingerprint(first), Assert.Single(await fixture.Stored.CredentialsAsync(slug)).Fingerprint);
    }

    [Fact]
    public async Task A_key_longer_than_200_characters_is_refused()
    {
        var (member, slug) = await fixture.TenantWithOwnerAsync("member");

        var refused = await member.TrySaveKeyAsync(slug, "sk-or-v1-" + new string('a', 200));

        Assert.Equal("An OpenRouter key is at most 200 characters long; this one has 209.", refused.FieldError("Input.Key"));
        Assert.Empty(await fixture.Stored.CredentialsAsync(slug));
        Assert.True(refused.Has("#no-key"));
    }

    [Fact]
    public async Task When_OpenRouter_cannot_be_reached_the_page_says_so_and_the_key_can_be_saved_not_yet_verified()
    {
        var (member, slug) = await fixture.TenantWithOwnerAsync("member");
        var key = NewKey(limit: 2m);
        HtmlPage unverified;
        using (fixture.App.OpenRouterUnreachable())
        {
            var offered = await member.TrySaveKeyAsync(slug, key);

            Assert.Equal(HttpStatusCode.OK, offered.Status);
            Assert.Equal("We could not reach OpenRouter to check the key: no connection could be made.", offered.Text("#openrouter-unreachable div"));
            Assert.Empty(await fixture.Stored.CredentialsAsync(slug));
            // The key is not kept anywhere in the page: the member pastes it again to save it without checking.
            Assert.DoesNotContain(key, offered.Document.DocumentElement.OuterHtml, StringComparison.Ordinal);
            Assert.Equal("", offered.FieldValue("Input.Key"));

            unverified = await member.SubmitAsync(offered, "#save-unverified", ("Input.Key", key));
        }

        Assert.StartsWith("Your key was saved without checking", unverified.StatusMessage, StringComparison.Ordinal);
        Assert.Equal("Not yet verified", unverified.Text("#my-key-status"));
        Assert.Equal("Never: saved without checking", unverified.Text("#my-key-checked"));
        Assert.False(unverified.Has("#my-key-limit"));
        // An unverified key is used: its owner chose to save it.
        Assert.Equal($"Your own key ({Mask(key)}) pays for your calls in this tenant.", unverified.Text("#key-decision"));
        Assert.Equal(KeyStatus.Unverified, Assert.Single(await fixture.Stored.CredentialsAsync(slug)).Status);

        var checkedAgain = await member.SubmitAsync(unverified, "#check-key");

        Assert.Equal("OpenRouter accepted the key; its details are up to date.", checkedAgain.StatusMessage);
        Assert.Equal(("Verified", "$2.00"), (checkedAgain.Text("#my-key-status"), checkedAgain.Text("#my-key-limit")));
    }

    [Fact]
    public async Task Checking_again_while_OpenRouter_cannot_be_reached_changes_nothing_and_says_so()
    {
        var (member, slug) = await fixture.TenantWithOwnerAsync("member");
        var page = await member.SaveKeyAsync(slug, NewKey());
        var before = Assert.Single(await fixture.Stored.CredentialsAsync(slug));

        HtmlPage after;
        using (fixture.App.OpenRouterUnreachable())
        {
            after = await member.SubmitAsync(page, "#check-key");
        }

        Assert.Equal("We could not reach OpenRouter to check the key: no connection could be made. The key and what is known about it are unchanged.", after.StatusMessage);
        var stored = Assert.Single(await fixture.Stored.CredentialsAsync(slug));
        Assert.Equal((before.Status, before.CheckedAt, before.EncryptedKey), (stored.Status, stored.CheckedAt, stored.EncryptedKey));
    }

    [Fact]
    public async Task A_key_deleted_at_OpenRouter_is_marked_rejected_when_checked_again_and_is_no_longer_used()
    {
        var (member, slug) = await fixture.TenantWithOwnerAsync("member");
        var account = "deleted-" + Guid.NewGuid().ToString("N")[..8];
        var key = fixture.App.Simulator.CreateKey(new SimulatedKeyRequest("to delete", Account: account));
        var manager = fixture.App.Simulator.CreateKey(new SimulatedKeyRequest("manager", Management: true, Account: account));
        var page = await member.SaveKeyAsync(slug, key.Key);
        await DeleteAtOpenRouterAsync(key.Hash, manager.Key);

        var checkedAgain = await member.SubmitAsync(page, "#check-key");

        Assert.Equal("OpenRouter rejected the key: it is no longer valid there, so it will not be used. Save a new one.", checkedAgain.StatusMessage);
        Assert.Equal("Rejected by OpenRouter", checkedAgain.Text("#my-key-status"));
        Assert.StartsWith("OpenRouter rejected your key when it was last checked (", checkedAgain.Text("#key-decision"), StringComparison.Ordinal);
        var choice = await fixture.ChooseKeyAsync(slug, member.Email);
        Assert.Equal(ErrorKind.Forbidden, choice.Error!.Kind);
    }

    [Fact]
    public async Task Replacing_a_key_keeps_one_row_with_the_new_key_and_removing_it_leaves_none()
    {
        var (member, slug) = await fixture.TenantWithOwnerAsync("member");
        var first = NewKey();
        var second = NewKey();
        await member.SaveKeyAsync(slug, first);
        var before = Assert.Single(await fixture.Stored.CredentialsAsync(slug));

        var replaced = await member.SaveKeyAsync(slug, second);

        var after = Assert.Single(await fixture.Stored.CredentialsAsync(slug));
        Assert.Equal((before.Id, Fingerprint(second)), (after.Id, after.Fingerprint));
        Assert.NotEqual(before.EncryptedKey, after.EncryptedKey);
        Assert.Equal(Mask(second), replaced.Text("#my-key-mask"));
        Assert.Equal(second, (await fixture.ChooseKeyAsync(slug, member.Email)).Value.ApiKey);

        var removed = await member.SubmitAsync(replaced, "#remove-key");

        Assert.Equal("Your key was removed from this tenant.", removed.StatusMessage);
        Assert.True(removed.Has("#no-key"));
        Assert.Empty(await fixture.Stored.CredentialsAsync(slug));
    }

    [Fact]
    public async Task An_expired_key_shows_as_expired_and_is_never_chosen()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var member = await fixture.AddMemberAsync(owner, slug);
        var key = NewKey();
        var today = DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime);
        var saved = await member.SaveKeyAsync(slug, key, today.AddDays(1));
        Assert.Equal(today.AddDays(1).ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture), saved.Text("#my-key-expires"));
        Assert.Equal(key, (await fixture.ChooseKeyAsync(slug, member.Email)).Value.ApiKey);

        using (fixture.Clock.Travel(TimeSpan.FromDays(2)))
        {
            var page = await member.GetAsync($"/t/{slug}/keys");

            var day = today.AddDays(1).ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal($"Expired on {day}", page.Text("#my-key-status"));
            Assert.Equal($"Your key expired on {day}: save a new one at /t/{slug}/keys, and the shared key is not set; ask an admin to set it.", page.Text("#key-decision"));
            var choice = await fixture.ChooseKeyAsync(slug, member.Email);
            Assert.Equal(ErrorKind.Forbidden, choice.Error!.Kind);
            Assert.Equal(page.Text("#key-decision"), choice.Error.Message);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public async Task An_expiry_date_that_is_not_in_the_future_is_refused(int days)
    {
        var (member, slug) = await fixture.TenantWithOwnerAsync("member");
        var today = DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime);

        var refused = await member.TrySaveKeyAsync(slug, NewKey(), today.AddDays(days));

        Assert.Equal("Choose an expiry date after today (UTC), or leave it empty for no expiry.", refused.FieldError("Input.ExpiresOn"));
        Assert.Empty(await fixture.Stored.CredentialsAsync(slug));
    }

    [Fact]
    public async Task A_management_key_cannot_be_saved_as_a_personal_key()
    {
        var (member, slug) = await fixture.TenantWithOwnerAsync("member");
        var management = fixture.App.Simulator.CreateKey(new SimulatedKeyRequest("manager", Management: true)).Key;

        var refused = await member.TrySaveKeyAsync(slug, management);

        Assert.Equal(SavePersonalKeyHandler.ManagementKeyMessage, refused.FieldError("Input.Key"));
        Assert.Empty(await fixture.Stored.CredentialsAsync(slug));
    }

    [Fact]
    public async Task Each_member_has_their_own_key_and_one_who_leaves_takes_theirs_along()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var member = await fixture.AddMemberAsync(owner, slug);
        var ownersKey = NewKey();
        var membersKey = NewKey();
        await owner.SaveKeyAsync(slug, ownersKey);
        await member.SaveKeyAsync(slug, membersKey);
        Assert.Equal(ownersKey, (await fixture.ChooseKeyAsync(slug, owner.Email)).Value.ApiKey);
        Assert.Equal(membersKey, (await fixture.ChooseKeyAsync(slug, member.Email)).Value.ApiKey);

        var leave = await member.GetAsync($"/t/{slug}/leave");
        await member.SubmitAsync(leave, "#leave-submit");

        Assert.Equal(Fingerprint(ownersKey), Assert.Single(await fixture.Stored.CredentialsAsync(slug)).Fingerprint);
    }

    [Fact]
    public async Task Someone_outside_the_tenant_gets_not_found_for_its_keys_page()
    {
        var (_, slug) = await fixture.TenantWithOwnerAsync();
        var outsider = await fixture.SignUpAsync("outsider");

        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/t/{slug}/keys")).Status);
        var posted = await outsider.PostAsync($"/t/{slug}/keys?handler=Save", [("Input.Key", NewKey())], withAntiforgeryToken: true);
        Assert.Equal(HttpStatusCode.NotFound, posted.Status);
        Assert.Empty(await fixture.Stored.CredentialsAsync(slug));
    }

    private string NewKey(decimal? limit = null) => fixture.App.Simulator.CreateKey(new SimulatedKeyRequest("functional test", limit)).Key;

    private int KeyRequests() => fixture.App.Simulator.RequestLog.Entries.Count(entry => entry.Path.StartsWith("/api/v1/key", StringComparison.Ordinal) && !entry.Path.StartsWith("/api/v1/keys", StringComparison.Ordinal));

    private async Task DeleteAtOpenRouterAsync(string hash, string managementKey)
    {
        using var client = new HttpClient { BaseAddress = fixture.App.SimulatorAddress };
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"api/v1/keys/{hash}");
        request.Headers.Authorization = new("Bearer", managementKey);
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    internal static string Mask(string key) => key[..9] + "…" + key[^4..];

    internal static string Fingerprint(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..12];
}
