using System.Net;
using OpenRouterSaaS.Domain.Budgets;
using OpenRouterSaaS.Domain.Usage;
using OpenRouterSaaS.FunctionalTests.Infrastructure;
using static OpenRouterSaaS.FunctionalTests.Gateway.GatewayKit;

namespace OpenRouterSaaS.FunctionalTests.Gateway;

/// <summary>
/// Every fault the simulator can inject, streamed and not: the client gets the right status in OpenRouter's error shape
/// (or, once a stream began, an error event), the ledger row ends as it should, nothing stays Pending and no budget stays held.
/// </summary>
public sealed class GatewayFaultTests(CatalogueAppFixture fixture) : IClassFixture<CatalogueAppFixture>
{
    /// <summary>fault, streamed, status the client gets, how the row ends, its error code.</summary>
    public static TheoryData<string, bool, int, UsageStatus, string?> Faults()
    {
        var data = new TheoryData<string, bool, int, UsageStatus, string?>();
        foreach (var stream in new[] { false, true })
        {
            data.Add("400", stream, 400, UsageStatus.Failed, "400");
            data.Add("401", stream, 502, UsageStatus.Failed, "401");
            data.Add("402", stream, 402, UsageStatus.Failed, "402");
            data.Add("403", stream, 403, UsageStatus.Failed, "403");
            data.Add("408", stream, 408, UsageStatus.Failed, "408");
            data.Add("429", stream, 429, UsageStatus.Failed, "429");
            data.Add("500", stream, 502, UsageStatus.Failed, "500");
            data.Add("502", stream, 502, UsageStatus.Failed, "502");
            data.Add("503", stream, 503, UsageStatus.Failed, "503");
            data.Add("latency=300", stream, 200, UsageStatus.Completed, null);
            data.Add("fail-first=1", stream, 200, UsageStatus.Completed, null);
            data.Add("fail-first=5", stream, 503, UsageStatus.Failed, "503");
            data.Add("model-down:openai/gpt-4o-mini", stream, 502, UsageStatus.Failed, "502");
            data.Add("stream-error", stream, 200, UsageStatus.Failed, "stream_error");
        }

        data.Add("drop", false, 502, UsageStatus.Failed, "unreachable");
        data.Add("drop", true, 200, UsageStatus.Failed, "stream_interrupted");
        return data;
    }

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task Each_fault_reaches_the_client_with_the_right_status_and_leaves_the_ledger_consistent(
        string fault, bool stream, int status, UsageStatus rowStatus, string? errorCode)
    {
        var tenant = await fixture.TenantReadyToCallAsync(sharedKey: true);

        using var response = await fixture.ChatAsync(tenant.Token, Chat(Paid, $"Hello [[sim:fault={fault}]]", stream: stream));

        Assert.Equal(status, (int)response.StatusCode);
        if (status >= 400)
        {
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            var (code, message) = await ErrorOf(response);
            Assert.Equal(status, code);
            Assert.False(string.IsNullOrWhiteSpace(message));
            if (status == 429)
            {
                Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
                Assert.Contains("rate limit", message, StringComparison.Ordinal);
            }
        }
        else if (stream)
        {
            var events = SseEvents.Parse(await response.Content.ReadAsStringAsync());
            var failed = rowStatus == UsageStatus.Failed;
            Assert.Equal(!failed, events[^1].IsDone);
            Assert.Equal(failed, events.Any(item => item.HasError));
        }

        var row = Assert.Single(await fixture.SettledUsageAsync(tenant.Slug));
        Assert.Equal((rowStatus, errorCode, stream), (row.Status, row.ErrorCode, row.Streamed));
        Assert.Equal(rowStatus == UsageStatus.Failed, row.ErrorMessage is not null);
        var reservation = await fixture.ReservationAsync(row.ReservationId!.Value);
        var spent = reservation.Status == ReservationStatus.Settled ? reservation.ActualCostUsd!.Value : 0m;
        Assert.Equal(row.CostUsd ?? 0m, spent);
        Assert.All(await fixture.BudgetsAsync(tenant.Slug), budget => Assert.Equal((spent, 0m), (budget.SpentUsd, budget.ReservedUsd)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_key_whose_credit_is_gone_gets_402_naming_the_key_and_its_mask(bool shared)
    {
        var tenant = await fixture.TenantReadyToCallAsync(sharedKey: shared);
        fixture.App.Simulator.SetCredits(tenant.Account, 0m);
        var mask = tenant.Key[..9] + "…" + tenant.Key[^4..];

        foreach (var stream in new[] { false, true })
        {
            using var response = await fixture.ChatAsync(tenant.Token, Chat(Paid, "Anything left?", stream: stream));

            Assert.Equal(HttpStatusCode.PaymentRequired, response.StatusCode);
            var (code, message) = await ErrorOf(response);
            Assert.Equal(402, code);
            Assert.StartsWith(shared ? "The tenant's shared OpenRouter key" : "Your personal OpenRouter key", message, StringComparison.Ordinal);
            Assert.Contains(mask, message, StringComparison.Ordinal);
            Assert.Contains("credit", message, StringComparison.Ordinal);
            Assert.DoesNotContain(tenant.Key, message, StringComparison.Ordinal);
        }

        Assert.All(await fixture.SettledUsageAsync(tenant.Slug), row => Assert.Equal((UsageStatus.Failed, "402"), (row.Status, row.ErrorCode)));
    }

    [Fact]
    public async Task A_fallback_serves_when_the_first_model_is_down_and_the_row_records_the_model_that_served()
    {
        var tenant = await fixture.TenantReadyToCallAsync(false, Paid, "anthropic/claude-3.5-haiku");
        var body = Chat(Paid, "Fall back [[sim:fault=model-down:openai/gpt-4o-mini]]", stream: true,
            extra: new() { ["models"] = new System.Text.Json.Nodes.JsonArray("anthropic/claude-3.5-haiku") });

        using var response = await fixture.ChatAsync(tenant.Token, body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(SseEvents.Parse(await response.Content.ReadAsStringAsync())[^1].IsDone);
        var row = Assert.Single(await fixture.SettledUsageAsync(tenant.Slug));
        Assert.Equal((UsageStatus.Completed, Paid, "anthropic/claude-3.5-haiku"), (row.Status, row.RequestedModel, row.ServedModel));
    }
}
