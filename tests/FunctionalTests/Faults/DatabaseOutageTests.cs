using System.Net;
using System.Text.Json;
using OpenRouterSaaS.Domain.Budgets;
using OpenRouterSaaS.Domain.Usage;
using OpenRouterSaaS.FunctionalTests.Gateway;
using OpenRouterSaaS.FunctionalTests.Infrastructure;

namespace OpenRouterSaaS.FunctionalTests.Faults;

/// <summary>
/// The database goes away while the app runs: pages and the API answer a clear 503 (never a 500) and write nothing;
/// once it is back, everything works again and nothing written before is lost.
/// </summary>
public sealed class DatabaseOutageTests(DatabaseOutageFixture fixture) : IClassFixture<DatabaseOutageFixture>
{
    private const string Message = "The database is unavailable right now; nothing was changed. Try again in a few seconds.";

    [Fact]
    public async Task Without_the_database_pages_and_the_api_answer_503_and_once_it_is_back_everything_resumes_with_nothing_lost()
    {
        var tenant = await fixture.TenantReadyToCallAsync();
        var owner = tenant.Owner;
        await owner.CreateApiTokenAsync(tenant.Slug, "made-before");
        using (var before = await fixture.ChatAsync(tenant.Token, GatewayKit.Chat(GatewayKit.Paid, "Before the outage.")))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        var ledgerBefore = await fixture.UsageAsync(tenant.Slug);
        var tokensPage = await owner.GetAsync($"/t/{tenant.Slug}/tokens");
        Assert.Equal(HttpStatusCode.OK, tokensPage.Status);

        fixture.Proxy.Cut();
        try
        {
            await ReadinessAsync(HttpStatusCode.ServiceUnavailable, "Unhealthy");

            using (var page = await owner.GetResponseAsync($"/t/{tenant.Slug}/tokens"))
            {
                await AssertUnavailablePageAsync(page);
            }

            using (var api = await fixture.ChatAsync(tenant.Token, GatewayKit.Chat(GatewayKit.Paid, "During the outage.")))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, api.StatusCode);
                Assert.Equal("5", api.Headers.RetryAfter?.ToString());
                Assert.Equal("application/json", api.Content.Headers.ContentType?.MediaType);
                Assert.Equal((503, Message), await GatewayKit.ErrorOf(api));
            }

            // The playground's chat (JSON in, JSON out) gets the same answer as the API.
            using (var playground = new HttpRequestMessage(HttpMethod.Post, $"/t/{tenant.Slug}/playground/chat"))
            {
                playground.Content = new StringContent(GatewayKit.Chat(GatewayKit.Paid, "Playground during the outage."), System.Text.Encoding.UTF8, "application/json");
                using var answer = await owner.SendRawAsync(playground);
                Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
                Assert.Equal((503, Message), await GatewayKit.ErrorOf(answer));
            }

            // A form sent while the database is away: refused, and (checked below) nothing written.
            var during = await owner.SubmitAsync(tokensPage, "#create-token-form", ("Create.Name", "made-during"));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, during.Status);
            Assert.True(during.Has("#database-unavailable"), "the form's answer was not the unavailable page");
        }
        finally
        {
            fixture.Proxy.Restore();
        }

        await ReadinessAsync(HttpStatusCode.OK, "Healthy");
        var again = await GatewayKit.EventuallyAsync(() => owner.GetAsync($"/t/{tenant.Slug}/tokens"), page => page.Status == HttpStatusCode.OK, "the tokens page answers again");
        Assert.Contains("made-before", again.Text("main"), StringComparison.Ordinal);
        Assert.DoesNotContain("made-during", again.Text("main"), StringComparison.Ordinal);
        using (var after = await fixture.ChatAsync(tenant.Token, GatewayKit.Chat(GatewayKit.Paid, "After the outage.")))
        {
            Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        }

        var tokens = await fixture.Stored.ApiTokensOfAsync(tenant.Slug, owner.Email);
        Assert.Contains(tokens, token => token.Name == "made-before");
        Assert.DoesNotContain(tokens, token => token.Name == "made-during");
        var ledger = await fixture.UsageAsync(tenant.Slug);
        Assert.Equal(ledgerBefore.Count + 1, ledger.Count);
        Assert.All(ledgerBefore, row => Assert.Contains(ledger, stored => stored.Id == row.Id && stored.Status == UsageStatus.Completed));
        Assert.All(ledger, row => Assert.Equal(UsageStatus.Completed, row.Status));
        Assert.DoesNotContain(await fixture.ReservationsAsync(tenant.Slug), reservation => reservation.Status == ReservationStatus.Held);
    }

    [Fact]
    public async Task Readiness_reports_the_database_unhealthy_while_it_is_away()
    {
        fixture.Proxy.Cut();
        try
        {
            var body = await ReadinessAsync(HttpStatusCode.ServiceUnavailable, "Unhealthy");
            Assert.Equal("Unhealthy", body.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        }
        finally
        {
            fixture.Proxy.Restore();
        }

        await ReadinessAsync(HttpStatusCode.OK, "Healthy");
    }

    /// <summary>Asks /readyz until it answers <paramref name="status"/> (a pooled connection may first have to fail).</summary>
    private async Task<JsonElement> ReadinessAsync(HttpStatusCode status, string health)
    {
        using var client = fixture.App.CreateClient();
        var (code, body) = await GatewayKit.EventuallyAsync(
            async () =>
            {
                using var response = await client.GetAsync("/readyz");
                return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
            },
            answer => answer.StatusCode == status,
            $"/readyz answers {status}");
        Assert.Equal(status, code);
        Assert.Equal(health, body.GetProperty("status").GetString());
        return body;
    }

    private static async Task AssertUnavailablePageAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("5", response.Headers.RetryAfter?.ToString());
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("id=\"database-unavailable\"", html, StringComparison.Ordinal);
        Assert.Contains(Message, html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
    }
}
