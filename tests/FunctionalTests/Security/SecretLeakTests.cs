using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenRouterSaaS.Application.Keys;
using OpenRouterSaaS.Domain.ApiTokens;
using OpenRouterSaaS.FunctionalTests.Infrastructure;
using OpenRouterSaaS.Infrastructure.Persistence;
using OpenRouterSimulator;
using static OpenRouterSaaS.FunctionalTests.Keys.PersonalKeyTests;

namespace OpenRouterSaaS.FunctionalTests.Security;

/// <summary>
/// The whole key and token flow through the web app, with every log line (at every level) and every response
/// recorded: no OpenRouter key and no API token may show anywhere, except the new token on the one page that
/// shows it once.
/// </summary>
public sealed class SecretLeakTests(RecordingAppFixture fixture) : IClassFixture<RecordingAppFixture>
{
    [Fact]
    public async Task No_key_or_token_shows_in_a_log_line_a_response_the_database_or_the_audit_log()
    {
        var simulator = fixture.App.Simulator;
        var firstKey = simulator.CreateKey(new SimulatedKeyRequest("leak test first", Limit: 5m)).Key;
        var secondKey = simulator.CreateKey(new SimulatedKeyRequest("leak test second")).Key;
        var unverifiedKey = simulator.CreateKey(new SimulatedKeyRequest("leak test unverified")).Key;
        var sharedKey = simulator.CreateKey(new SimulatedKeyRequest("leak test shared", Limit: 20m)).Key;
        var managementKey = simulator.CreateKey(new SimulatedKeyRequest("leak test manager", Management: true)).Key;
        var rejectedKey = "sk-or-v1-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        string[] keys = [firstKey, secondKey, unverifiedKey, sharedKey, managementKey, rejectedKey];

        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var member = await fixture.AddMemberAsync(owner, slug);

        // The member's own key: saved, checked again, replaced, removed, saved again.
        var saved = await member.SaveKeyAsync(slug, firstKey);
        await member.SubmitAsync(saved, "#check-key");
        var replaced = await member.SaveKeyAsync(slug, secondKey);
        await member.SubmitAsync(replaced, "#remove-key");
        await member.SaveKeyAsync(slug, secondKey);

        // A key OpenRouter rejects, and one that cannot be checked: neither is echoed back into the form.
        var refused = await member.TrySaveKeyAsync(slug, rejectedKey);
        Assert.Equal(KeyVerification.RejectedMessage, refused.FieldError("Input.Key"));
        Assert.Equal("", refused.FieldValue("Input.Key"));
        using (fixture.App.OpenRouterUnreachable())
        {
            var offered = await member.TrySaveKeyAsync(slug, unverifiedKey);
            Assert.True(offered.Has("#save-unverified"));
            Assert.Equal("", offered.FieldValue("Input.Key"));
            var unverified = await member.SubmitAsync(offered, "#save-unverified", ("Input.Key", unverifiedKey));
            Assert.StartsWith("Your key was saved without checking", unverified.StatusMessage, StringComparison.Ordinal);
        }

        var keysPage = await member.GetAsync($"/t/{slug}/keys");
        await member.SubmitAsync(keysPage, "#check-key");

        // The admin's keys and settings.
        var sharedPage = await owner.SetSharedKeyAsync(slug, sharedKey);
        await owner.SubmitAsync(sharedPage, "#check-shared-key");
        var rejectedShared = await owner.TrySetTenantKeyAsync(slug, "Shared", rejectedKey);
        Assert.Equal("", rejectedShared.FieldValue("Shared.Key"));
        Assert.NotEqual("", rejectedShared.FieldError("Shared.Key"));
        await owner.SetManagementKeyAsync(slug, managementKey);
        await owner.TrySetKeyPolicyAsync(slug, "SharedOnly");
        await owner.TrySetKeyPolicyAsync(slug, "PersonalFirst");
        await owner.SetSharedKeyAccessAsync(slug, member.Email, false);
        await owner.SetSharedKeyAccessAsync(slug, member.Email, true);

        // The member's API token: created (shown this once), listed, offered to the app, revoked.
        var (_, token) = await member.CreateApiTokenAsync(slug, "laptop");
        await member.GetAsync($"/t/{slug}/tokens");
        await owner.GetAsync($"/t/{slug}/admin/tokens");
        await OfferTokenAsync(token, $"/t/{slug}/models");
        await member.RevokeApiTokenAsync(slug, "laptop");
        await OfferTokenAsync(token, "/api/v1/models");

        // Every other page and partial that shows keys, tokens or what happened to them; the JSON endpoints.
        await member.GetAsync($"/t/{slug}");
        await member.GetAsync($"/t/{slug}/models");
        await member.GetPartialAsync($"/t/{slug}/models?q=gpt");
        await owner.GetAsync($"/t/{slug}");
        await owner.GetAsync($"/t/{slug}/keys");
        await owner.GetAsync($"/t/{slug}/admin/members");
        await owner.GetAsync($"/t/{slug}/admin/models");
        await owner.GetAsync($"/t/{slug}/admin/tokens");
        await owner.GetAsync($"/t/{slug}/admin/audit");
        Assert.Equal(HttpStatusCode.OK, (await owner.GetResponseAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetResponseAsync("/readyz")).StatusCode);

        var output = fixture.Output;
        var logLines = output.LogLines.ToList();
        var responses = output.Responses.ToList();

        // What was recorded is enough to mean something.
        Assert.True(logLines.Count > 100, $"Only {logLines.Count} log lines were recorded.");
        Assert.Contains(logLines, line => line.Level == LogLevel.Debug);
        Assert.Contains(logLines, line => line.Level == LogLevel.Trace);
        Assert.Contains(logLines, line => line.Category.StartsWith("System.Net.Http.HttpClient", StringComparison.Ordinal));
        Assert.Contains(responses, response => response.Text.Contains("application/json", StringComparison.Ordinal));
        Assert.Contains(responses, response => response.Url.StartsWith($"/t/{slug}/models?q=", StringComparison.Ordinal));
        foreach (var key in new[] { secondKey, unverifiedKey, sharedKey, managementKey })
        {
            Assert.Contains(responses, response => Shows(response, Mask(key)));
        }

        Assert.Contains(responses, response => Shows(response, ApiToken.Mask(token[^4..])));

        // No key anywhere; the hex after the prefix is what makes a key, so it is what is looked for. Failures name
        // where the secret was, never the secret.
        foreach (var key in keys)
        {
            var secret = key["sk-or-v1-".Length..];
            Assert.Empty(logLines.Where(line => line.Text.Contains(secret, StringComparison.Ordinal)).Select(line => $"{line.Level} {line.Category}"));
            Assert.Empty(responses.Where(response => Shows(response, secret)).Select(response => response.ToString()));
        }

        // The token only in the response to the form that created it.
        var tokenSecret = token[ApiTokenFormat.Prefix.Length..];
        Assert.Empty(logLines.Where(line => line.Text.Contains(tokenSecret, StringComparison.Ordinal)).Select(line => $"{line.Level} {line.Category}"));
        var showingToken = Assert.Single(responses, response => Shows(response, tokenSecret));
        Assert.Equal(("POST", $"/t/{slug}/tokens?handler=Create", 200), (showingToken.Method, showingToken.Url, showingToken.Status));

        // Nor in the database (every row of every table, as a dump would show it) or the audit log.
        string[] secrets = [.. keys.Select(key => key["sk-or-v1-".Length..]), tokenSecret];
        foreach (var table in await TablesAsync())
        {
            var rows = await fixture.Stored.RowsAsTextAsync($"public.\"{table}\"");
            Assert.False(rows.Any(row => secrets.Any(secret => row.Contains(secret, StringComparison.Ordinal))), $"A row of {table} holds a key or the token.");
        }

        var audit = await fixture.Stored.AuditEntriesAsync(slug);
        Assert.True(audit.Count >= 10, $"Only {audit.Count} audit entries were written.");
        Assert.Empty(audit.Where(entry => secrets.Any(secret => $"{entry.Summary} {entry.Details}".Contains(secret, StringComparison.Ordinal))).Select(entry => entry.Action));
    }

    /// <summary>Whether the response holds <paramref name="text"/>, as sent or as the browser reads it (pages encode "…" as <c>&amp;#x2026;</c>).</summary>
    private static bool Shows(SentResponse response, string text) =>
        response.Text.Contains(text, StringComparison.Ordinal) || WebUtility.HtmlDecode(response.Text).Contains(text, StringComparison.Ordinal);

    /// <summary>A program presenting the token as it will to the gateway, so whatever logs requests sees it.</summary>
    private async Task OfferTokenAsync(string token, string url)
    {
        using var client = fixture.App.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        await response.Content.ReadAsStringAsync();
    }

    private async Task<List<string>> TablesAsync()
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Database
            .SqlQueryRaw<string>("SELECT table_name AS \"Value\" FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")
            .ToListAsync();
    }
}
