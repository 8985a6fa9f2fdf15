using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using OpenRouterSaaS.Domain.Budgets;
using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.Domain.Usage;
using OpenRouterSaaS.FunctionalTests.Infrastructure;
using static OpenRouterSaaS.FunctionalTests.Gateway.GatewayKit;

namespace OpenRouterSaaS.FunctionalTests.Gateway;

/// <summary>
/// <c>"stream": true</c> through the gateway: events pass through as OpenRouter sends them, one by one, the ledger row and
/// reservation settle from the usage chunk, and a client that goes away cancels the call, settled from OpenRouter's record.
/// </summary>
public sealed partial class StreamingGatewayTests(CatalogueAppFixture fixture) : IClassFixture<CatalogueAppFixture>
{
    [Fact]
    public async Task A_stream_reaches_the_client_event_by_event_while_OpenRouter_is_still_answering()
    {
        var tenant = await fixture.TenantReadyToCallAsync();

        // The simulator waits 150 ms before each word: a buffering gateway would hold the first one until the last.
        using var response = await fixture.ChatAsync(tenant.Token, Chat(Paid, "Tell me slowly [[sim:fault=chunk-delay=150]]", stream: true),
            HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var events = new SseEvents(await response.Content.ReadAsStreamAsync());
        var first = await FirstContentAsync(events);

        Assert.Equal("assistant", first.Json.GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        Assert.DoesNotContain(fixture.App.Simulator.RequestLog.Entries, entry => entry.GenerationId == first.Json.GetProperty("id").GetString());
        var pending = Assert.Single(await fixture.UsageAsync(tenant.Slug));
        Assert.Equal(UsageStatus.Pending, pending.Status);
        Assert.Equal(first.Json.GetProperty("id").GetString(), pending.GenerationId);

        var rest = new List<SseEvent>();
        while (await events.NextAsync() is { } next)
        {
            rest.Add(next);
        }

        Assert.True(rest.Count(item => !item.IsComment && !item.IsDone) > 5, "one event per word");
        Assert.True(rest[^1].IsDone);
        var row = Assert.Single(await fixture.SettledUsageAsync(tenant.Slug));
        Assert.Equal((UsageStatus.Completed, true), (row.Status, row.Streamed));
    }

    [Fact]
    public async Task Streamed_bytes_pass_through_intact_and_the_row_and_reservation_settle_from_the_usage_chunk()
    {
        var tenant = await fixture.TenantReadyToCallAsync(sharedKey: true);
        var body = Chat(Paid, "Say something streamed.", maxTokens: 200, stream: true);

        using var response = await fixture.ChatAsync(tenant.Token, body);
        var text = await response.Content.ReadAsStringAsync();

        // What OpenRouter sends for the same request, byte for byte but for the generation's id and time.
        var upstream = fixture.UpstreamBody().ToJsonString();
        var direct = await DirectFromOpenRouterAsync(upstream, tenant.Key);
        Assert.Equal(Normalise(direct), Normalise(text));

        var events = SseEvents.Parse(text);
        Assert.Equal("OPENROUTER PROCESSING", events[0].Comment);
        Assert.True(events[^1].IsDone);
        var usageEvent = events[^2].Json;
        Assert.Equal(0, usageEvent.GetProperty("choices").GetArrayLength());
        var usage = usageEvent.GetProperty("usage");

        var row = Assert.Single(await fixture.SettledUsageAsync(tenant.Slug));
        Assert.Equal((UsageStatus.Completed, true, CredentialKind.Shared), (row.Status, row.Streamed, row.CredentialKind));
        Assert.Equal(usageEvent.GetProperty("id").GetString(), row.GenerationId);
        Assert.Equal((Paid, Paid, "OpenAI"), (row.RequestedModel, row.ServedModel, row.Provider));
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt32(), row.PromptTokens);
        Assert.Equal(usage.GetProperty("completion_tokens").GetInt32(), row.CompletionTokens);
        Assert.Equal(usage.GetProperty("cost").GetDecimal(), row.CostUsd);
        var reservation = await fixture.ReservationAsync(row.ReservationId!.Value);
        Assert.Equal((ReservationStatus.Settled, row.CostUsd), (reservation.Status, reservation.ActualCostUsd));
        Assert.All(await fixture.BudgetsAsync(tenant.Slug), budget => Assert.Equal((row.CostUsd!.Value, 0m), (budget.SpentUsd, budget.ReservedUsd)));
    }

    [Fact]
    public async Task A_client_that_disconnects_mid_stream_cancels_the_call_which_is_settled_from_the_generation_record()
    {
        var tenant = await fixture.TenantReadyToCallAsync(sharedKey: true);

        var response = await fixture.ChatAsync(tenant.Token, Chat(Paid, "A long story, please [[sim:fault=chunk-delay=100]]", stream: true),
            HttpCompletionOption.ResponseHeadersRead);
        var events = new SseEvents(await response.Content.ReadAsStreamAsync());
        var first = await FirstContentAsync(events);
        events.Dispose();
        response.Dispose();

        var row = await EventuallyAsync(
            async () => Assert.Single(await fixture.UsageAsync(tenant.Slug)),
            candidate => candidate.Status == UsageStatus.Cancelled && candidate.ReconciledAt is not null,
            "the row is Cancelled and reconciled");
        Assert.Equal(first.Json.GetProperty("id").GetString(), row.GenerationId);
        Assert.Equal("cancelled", row.ErrorCode);
        Assert.True(row.GenerationCostUsd > 0m, "OpenRouter bills what was generated before the cancel.");
        Assert.Null(row.NextReconcileAt);
        var reservation = await fixture.ReservationAsync(row.ReservationId!.Value);
        Assert.Equal((ReservationStatus.Settled, row.GenerationCostUsd), (reservation.Status, reservation.ActualCostUsd));
        Assert.All(await fixture.BudgetsAsync(tenant.Slug), budget => Assert.Equal((row.GenerationCostUsd!.Value, 0m), (budget.SpentUsd, budget.ReservedUsd)));
        Assert.True(fixture.App.Simulator.RequestLog.Entries.Single(entry => entry.Method == "POST" && entry.GenerationId == row.GenerationId).Aborted, "The upstream call was not cancelled.");
    }

    [Fact]
    public async Task A_client_that_gives_up_on_a_call_in_one_body_cancels_it_and_releases_the_reservation()
    {
        var tenant = await fixture.TenantReadyToCallAsync(sharedKey: true);
        using var giveUp = new CancellationTokenSource();

        var call = fixture.SendAsync(HttpMethod.Post, "/api/v1/chat/completions", tenant.Token,
            Chat(Paid, "Take your time [[sim:fault=latency=10000]]"), cancellationToken: giveUp.Token);
        await EventuallyAsync(() => fixture.UsageAsync(tenant.Slug), rows => rows.Count == 1, "the call reached OpenRouter");
        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);

        var row = Assert.Single(await fixture.SettledUsageAsync(tenant.Slug));
        Assert.Equal((UsageStatus.Cancelled, "cancelled"), (row.Status, row.ErrorCode));
        Assert.Equal(ReservationStatus.Released, (await fixture.ReservationAsync(row.ReservationId!.Value)).Status);
        Assert.All(await fixture.BudgetsAsync(tenant.Slug), budget => Assert.Equal((0m, 0m), (budget.SpentUsd, budget.ReservedUsd)));
    }

    [Fact]
    public async Task Keep_alive_comments_are_passed_on_while_OpenRouter_is_busy()
    {
        var tenant = await fixture.TenantReadyToCallAsync();

        using var response = await fixture.ChatAsync(tenant.Token, Chat(Paid, "Think first [[sim:fault=latency=2100]]", stream: true));
        var events = SseEvents.Parse(await response.Content.ReadAsStringAsync());

        Assert.True(events.Count(item => item.Comment == "OPENROUTER PROCESSING") >= 3, "the first comment and one a second while waiting");
        Assert.True(events[^1].IsDone);
        Assert.Equal(UsageStatus.Completed, Assert.Single(await fixture.SettledUsageAsync(tenant.Slug)).Status);
    }

    private static async Task<SseEvent> FirstContentAsync(SseEvents events)
    {
        while (await events.NextAsync() is { } next)
        {
            if (!next.IsComment && !next.IsDone)
            {
                return next;
            }
        }

        throw new Xunit.Sdk.XunitException("The stream ended without content.");
    }

    private async Task<string> DirectFromOpenRouterAsync(string body, string key)
    {
        using var client = new HttpClient { BaseAddress = fixture.App.SimulatorAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/chat/completions") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await client.SendAsync(request);
        return await response.Content.ReadAsStringAsync();
    }

    private static string Normalise(string stream) => Created().Replace(GenerationId().Replace(stream, "gen-X"), "\"created\":0");

    [GeneratedRegex("gen-[0-9]+-[A-Za-z0-9]+")]
    private static partial Regex GenerationId();

    [GeneratedRegex("\"created\":[0-9]+")]
    private static partial Regex Created();
}
