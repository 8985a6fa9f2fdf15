using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OpenRouterSaaS.Application.Common.Security;
using OpenRouterSaaS.Application.Gateway.Callers;
using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.Domain.Usage;
using OpenRouterSaaS.FunctionalTests.Infrastructure;
using OpenRouterSaaS.Web.Pages.Tenant.Admin;
using Xunit.Sdk;
using static OpenRouterSaaS.FunctionalTests.Gateway.GatewayKit;

namespace OpenRouterSaaS.FunctionalTests.Gateway;

/// <summary>
/// The gateway remembers an API caller between calls (its token and what its tenant's settings allowed). Whatever an admin
/// changes through the site is seen by the very next call, with no waiting; and a call refused for it leaves no ledger row
/// and no budget held.
/// </summary>
public sealed class CallerMemoryTests(CatalogueAppFixture fixture) : IClassFixture<CatalogueAppFixture>
{
    private const string Free = "deepseek/deepseek-r1:free";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_token_revoked_on_the_tokens_page_is_refused_on_its_next_call(bool sharedKey)
    {
        var tenant = await fixture.TenantReadyToCallAsync(sharedKey);
        await CallAndRememberAsync(tenant.Token);

        await tenant.Owner.RevokeApiTokenAsync(tenant.Slug, "laptop");

        using var chat = await fixture.ChatAsync(tenant.Token, Chat(Paid, "Still there?"));
        using var streamed = await fixture.ChatAsync(tenant.Token, Chat(Paid, "Still there?", stream: true));
        foreach (var response in new[] { chat, streamed })
        {
            await ExpectErrorAsync(response, HttpStatusCode.Unauthorized, "The API token was revoked.");
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
        }

        await ExpectLedgerAsync(tenant.Slug, rows: 1);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_token_revoked_after_its_only_call_was_malformed_is_refused_on_its_next_call(bool sharedKey)
    {
        var tenant = await fixture.TenantReadyToCallAsync(sharedKey);
        using (var malformed = await fixture.ChatAsync(tenant.Token, "{\"model\": \"" + Paid + "\"}"))
        {
            Assert.StartsWith("The request has no \"messages\"", await ExpectErrorAsync(malformed, HttpStatusCode.BadRequest), StringComparison.Ordinal);
        }

        await tenant.Owner.RevokeApiTokenAsync(tenant.Slug, "laptop");

        using var response = await fixture.ChatAsync(tenant.Token, Chat(Paid, "Let me in"));
        await ExpectErrorAsync(response, HttpStatusCode.Unauthorized, "The API token was revoked.");
        await ExpectLedgerAsync(tenant.Slug, rows: 0);
    }

    [Fact]
    public async Task A_member_removed_from_the_tenant_is_refused_on_the_next_call_with_their_token()
    {
        var tenant = await fixture.TenantReadyToCallAsync(sharedKey: true);
        var (member, token) = await MemberWithTokenAsync(tenant);
        await CallAndRememberAsync(token);

        await tenant.Owner.RemoveMemberAsync(tenant.Slug, member.Email);

        using var response = await fixture.ChatAsync(token, Chat(Paid, "Am I still in?"));
        await ExpectErrorAsync(response, HttpStatusCode.Unauthorized, "The API token's owner is no longer a member of its tenant.");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
        await ExpectLedgerAsync(tenant.Slug, rows: 1);
    }

    [Fact]
    public async Task A_member_removed_and_invited_back_before_their_next_call_is_refused_with_the_old_token()
    {
        var tenant = await fixture.TenantReadyToCallAsync(sharedKey: true);
        var (member, token) = await MemberWithTokenAsync(tenant);
        await CallAndRememberAsync(token);

        await tenant.Owner.RemoveMemberAsync(tenant.Slug, member.Email);
        await member.AcceptInvitationAsync(await tenant.Owner.InviteAsync(tenant.Slug, member.Email));

        using var response = await fixture.ChatAsync(token, Chat(Paid, "Back again"));
        await ExpectErrorAsync(response, HttpStatusCode.Unauthorized, "The API token's owner is no longer a member of its tenant.");
        await ExpectLedgerAsync(tenant.Slug, rows: 1);
    }

    [Fact]
    public async Task A_token_of_a_deleted_tenant_is_refused_on_its_next_call()
    {
        var tenant = await fixture.TenantReadyToCallAsync(sharedKey: true);
        await CallAndRememberAsync(tenant.Token);

        var settings = await tenant.Owner.GetAsync($"/t/{tenant.Slug}/owner/settings");
        var deleted = await tenant.Owner.SubmitAsync(settings, "#delete-submit", ("Delete.ConfirmSlug", tenant.Slug));
        Assert.Equal($"The tenant {tenant.Slug} was deleted.", deleted.StatusMessage);

        using var response = await fixture.ChatAsync(tenant.Token, Chat(Paid, "Anyone home?"));
        await ExpectErrorAsync(response, HttpStatusCode.Unauthorized, "The API token is not valid.");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public async Task A_model_taken_off_the_allow_list_is_refused_at_once_and_allowed_again_at_once_when_put_back(bool sharedKey, bool stream)
    {
        var tenant = await fixture.TenantReadyToCallAsync(sharedKey);
        await CallAndRememberAsync(tenant.Token);

        await SaveAllowListAsync(tenant, "*:free");
        using (var refused = await fixture.ChatAsync(tenant.Token, Chat(Paid, "Still allowed?", stream: stream)))
        {
            var message = await ExpectErrorAsync(refused, HttpStatusCode.Forbidden);
            Assert.Contains(Paid, message, StringComparison.Ordinal);
            Assert.Contains("allow-list", message, StringComparison.Ordinal);
        }

        await ExpectLedgerAsync(tenant.Slug, rows: 1);

        await SaveAllowListAsync(tenant, $"{Paid}\n*:free");
        using (var allowed = await fixture.ChatAsync(tenant.Token, Chat(Paid, "And now?", stream: stream)))
        {
            await ExpectOkAsync(allowed);
        }

        await ExpectLedgerAsync(tenant.Slug, rows: 2);
    }

    [Fact]
    public async Task A_model_allowed_after_a_call_for_it_was_refused_is_served_on_the_next_call()
    {
        var tenant = await fixture.TenantReadyToCallAsync(sharedKey: true, allow: ["*:free"]);
        await CallAndRememberAsync(tenant.Token, Free);
        using (var refused = await fixture.ChatAsync(tenant.Token, Chat(Paid, "May I?")))
        {
            Assert.Contains("allow-list", await ExpectErrorAsync(refused, HttpStatusCode.Forbidden), StringComparison.Ordinal);
        }

        await SaveAllowListAsync(tenant, $"{Paid}\n*:free");

        using var allowed = await fixture.ChatAsync(tenant.Token, Chat(Paid, "May I now?"));
        await ExpectOkAsync(allowed);
        var rows = await ExpectLedgerAsync(tenant.Slug, rows: 2);
        Assert.Equal([Free, Paid], rows.Select(row => row.RequestedModel));
    }

    [Fact]
    public async Task When_the_tenant_starts_requiring_zero_data_retention_the_next_calls_follow_it()
    {
        var tenant = await fixture.TenantReadyToCallAsync(sharedKey: true);
        await CallAndRememberAsync(tenant.Token);

        var privacy = await tenant.Owner.GetAsync($"/t/{tenant.Slug}/admin/privacy");
        var saved = await tenant.Owner.SubmitAsync(privacy, "#privacy-form", ("Input.RequireZeroDataRetention", "true"));
        Assert.Equal(PrivacyModel.RequiredMessage, saved.StatusMessage);

        using (var keepMyData = await fixture.ChatAsync(tenant.Token, Chat(Paid, "Keep it", extra: new() { ["provider"] = JsonNode.Parse("""{"zdr": false}""") })))
        {
            var message = await ExpectErrorAsync(keepMyData, HttpStatusCode.Forbidden);
            Assert.StartsWith("This tenant requires zero data retention for every call", message, StringComparison.Ordinal);
        }

        using (var plain = await fixture.ChatAsync(tenant.Token, Chat(Paid, "Nothing special")))
        {
            await ExpectOkAsync(plain);
        }

        Assert.Equal("deny", fixture.UpstreamBody()["provider"]?["data_collection"]?.GetValue<string>());
        var rows = await ExpectLedgerAsync(tenant.Slug, rows: 2);
        Assert.Equal([false, true], rows.Select(row => row.ZeroDataRetention));
    }

    [Fact]
    public async Task A_member_denied_the_shared_key_is_refused_at_once_and_served_at_once_when_allowed_again()
    {
        var tenant = await fixture.TenantReadyToCallAsync(sharedKey: true);
        var (member, token) = await MemberWithTokenAsync(tenant);
        await CallAndRememberAsync(token);

        await tenant.Owner.SetSharedKeyAccessAsync(tenant.Slug, member.Email, allowed: false);
        using (var refused = await fixture.ChatAsync(token, Chat(Paid, "On the house?")))
        {
            Assert.Contains("you may not use the shared key", await ExpectErrorAsync(refused, HttpStatusCode.Forbidden), StringComparison.Ordinal);
        }

        await ExpectLedgerAsync(tenant.Slug, rows: 1);

        await tenant.Owner.SetSharedKeyAccessAsync(tenant.Slug, member.Email, allowed: true);
        using (var allowed = await fixture.ChatAsync(token, Chat(Paid, "On the house again?")))
        {
            await ExpectOkAsync(allowed);
        }

        Assert.All(await ExpectLedgerAsync(tenant.Slug, rows: 2), row => Assert.Equal(CredentialKind.Shared, row.CredentialKind));
    }

    [Fact]
    public async Task A_shared_key_replaced_by_an_admin_pays_for_the_very_next_call()
    {
        var tenant = await fixture.TenantReadyToCallAsync(sharedKey: true);
        var before = await CallAndRememberAsync(tenant.Token);
        Assert.Equal(OpenRouterKeyFormat.Fingerprint(tenant.Key), UpstreamKeyOf(before));
        var replacement = fixture.NewKey();

        await tenant.Owner.SetSharedKeyAsync(tenant.Slug, replacement);

        using var response = await fixture.ChatAsync(tenant.Token, Chat(Paid, "Which key?"));
        var after = await ExpectOkAsync(response);
        Assert.Equal(OpenRouterKeyFormat.Fingerprint(replacement), UpstreamKeyOf(after));
        await ExpectLedgerAsync(tenant.Slug, rows: 2);
    }

    [Fact]
    public async Task A_tenant_limit_lowered_to_what_was_spent_refuses_the_next_call_with_402()
    {
        var tenant = await fixture.TenantReadyToCallAsync(sharedKey: true);
        await CallAndRememberAsync(tenant.Token);
        var spent = (await fixture.BudgetsAsync(tenant.Slug)).Single(budget => budget.MemberUserId is null).SpentUsd;

        // About the lowest limit the budgets page accepts: what the tenant has spent this month, to the page's 6 decimals.
        var limit = decimal.Round(Math.Ceiling(spent * 1_000_000m) / 1_000_000m, 6);
        await Budgets.BudgetSteps.SetLimitsAsync(tenant.Owner, tenant.Slug, tenant: limit.ToString(CultureInfo.InvariantCulture));

        using var response = await fixture.ChatAsync(tenant.Token, Chat(Paid, "One more?"));
        Assert.StartsWith("The tenant's monthly budget", await ExpectErrorAsync(response, HttpStatusCode.PaymentRequired), StringComparison.Ordinal);
        var row = Assert.Single(await ExpectLedgerAsync(tenant.Slug, rows: 1));
        Assert.All(await fixture.BudgetsAsync(tenant.Slug), budget => Assert.Equal((row.CostUsd!.Value, 0m), (budget.SpentUsd, budget.ReservedUsd)));
    }

    /// <summary>A call that succeeds, after which this instance remembers the caller and its context; returns the generation id.</summary>
    private async Task<string> CallAndRememberAsync(string token, string model = Paid)
    {
        using var response = await fixture.ChatAsync(token, Chat(model, "Hello, remember me."));
        var generation = await ExpectOkAsync(response);
        Assert.True(fixture.App.Services.GetRequiredService<ApiCallerCache>().Find(CacheKey(token))?.Context is not null,
            "The gateway does not remember the caller after a call: the test would not test its memory.");
        return generation;
    }

    /// <summary>A member who joined the tenant by invitation (without a key of their own) and made an API token.</summary>
    private async Task<(TestUser Member, string Token)> MemberWithTokenAsync(GatewayTenant tenant)
    {
        var member = await fixture.AddMemberAsync(tenant.Owner, tenant.Slug);
        var (_, token) = await member.CreateApiTokenAsync(tenant.Slug);
        return (member, token);
    }

    /// <summary>Saves the allow-list on the admin's models page, as an admin does.</summary>
    private static async Task SaveAllowListAsync(GatewayTenant tenant, string allow)
    {
        var page = await tenant.Owner.GetAsync($"/t/{tenant.Slug}/admin/models");
        var saved = await tenant.Owner.SubmitAsync(page, "#save-allow-list",
            ("Input.Mode", "AllowListed"), ("Input.AllowPatterns", allow), ("Input.DenyPatterns", ""),
            ("Input.MaxPromptPricePerMillion", ""), ("Input.MaxCompletionPricePerMillion", ""));
        Assert.StartsWith("The allow-list was saved", saved.StatusMessage ?? "", StringComparison.Ordinal);
    }

    /// <summary>
    /// The tenant's ledger once nothing is pending and no reservation is held: exactly <paramref name="rows"/> rows, all
    /// completed (the calls that were served), and no reservation but theirs.
    /// </summary>
    private async Task<List<UsageRecord>> ExpectLedgerAsync(string slug, int rows)
    {
        var ledger = await fixture.SettledUsageAsync(slug);
        Assert.Equal(rows, ledger.Count);
        Assert.All(ledger, row => Assert.Equal(UsageStatus.Completed, row.Status));
        var reservations = await fixture.ReservationsAsync(slug);
        Assert.Equal(ledger.Where(row => row.ReservationId is not null).Select(row => row.ReservationId!.Value).Order(), reservations.Select(row => row.Id).Order());
        return ledger;
    }

    /// <summary>Which key OpenRouter saw for the generation, by fingerprint.</summary>
    private string? UpstreamKeyOf(string generationId) =>
        Assert.Single(fixture.App.Simulator.RequestLog.Entries, entry => entry.Path == "/api/v1/chat/completions" && entry.GenerationId == generationId).KeyFingerprint;

    private static string CacheKey(string token) => Convert.ToBase64String(OpaqueToken.Hash(token));

    /// <summary>Asserts a 200 answer; returns its generation id (for a stream, the first event's).</summary>
    private static async Task<string> ExpectOkAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new XunitException($"Expected 200, got {(int)response.StatusCode}: {ErrorMessage(body)}");
        }

        var json = response.Content.Headers.ContentType?.MediaType == "text/event-stream"
            ? body.Split('\n').First(line => line.StartsWith("data: {", StringComparison.Ordinal))["data: ".Length..]
            : body;
        using var parsed = JsonDocument.Parse(json);
        return parsed.RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>Asserts an error answer of <paramref name="status"/> in OpenRouter's shape (with <paramref name="message"/> if given); returns its message.</summary>
    private static async Task<string> ExpectErrorAsync(HttpResponseMessage response, HttpStatusCode status, string? message = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != status)
        {
            throw new XunitException($"Expected {(int)status}, got {(int)response.StatusCode}: {ErrorMessage(body)}");
        }

        var (code, said) = await ErrorOf(response);
        Assert.Equal((int)status, code);
        if (message is not null)
        {
            Assert.Equal(message, said);
        }

        return said;
    }

    /// <summary>The error message of a JSON error body, or what kind of body it was: never a body that could carry a token.</summary>
    private static string ErrorMessage(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("error", out var error) && error.TryGetProperty("message", out var said)
                ? said.GetString() ?? "(no message)"
                : "(a JSON body without an error)";
        }
        catch (JsonException)
        {
            return $"(a body of {body.Length} characters that is not JSON)";
        }
    }
}
