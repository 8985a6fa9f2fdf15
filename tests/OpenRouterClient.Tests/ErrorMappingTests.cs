using System.Net;
using System.Net.Sockets;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.OpenRouter;

namespace OpenRouterClient.Tests;

public sealed class ErrorMappingTests
{
    private static readonly Dictionary<string, string?> NoRetries = new() { ["OpenRouter:MaxRetries"] = "0" };

    [Theory]
    [InlineData("400", 400, OpenRouterFailureKind.BadRequest)]
    [InlineData("401", 401, OpenRouterFailureKind.InvalidKey)]
    [InlineData("402", 402, OpenRouterFailureKind.PaymentRequired)]
    [InlineData("403", 403, OpenRouterFailureKind.Forbidden)]
    [InlineData("408", 408, OpenRouterFailureKind.Timeout)]
    [InlineData("429;retry-after=7", 429, OpenRouterFailureKind.RateLimited)]
    [InlineData("500", 500, OpenRouterFailureKind.ServerError)]
    [InlineData("502", 502, OpenRouterFailureKind.UpstreamError)]
    [InlineData("503", 503, OpenRouterFailureKind.Unavailable)]
    public async Task Every_error_status_maps_to_its_kind_with_OpenRouters_message(string fault, int status, OpenRouterFailureKind kind)
    {
        await using var harness = await ClientHarness.StartAsync(settings: NoRetries);
        var chat = harness.Get<IChatCompletions>();

        using (ClientHarness.Fault(fault))
        {
            var whole = await Assert.ThrowsAsync<OpenRouterException>(() => chat.CompleteAsync(harness.UserKey, ClientHarness.Chat("Fail please")));
            var streamed = await Assert.ThrowsAsync<OpenRouterException>(() => chat.StreamAsync(harness.UserKey, ClientHarness.Chat("Fail please", stream: true)));

            foreach (var failure in new[] { whole, streamed })
            {
                Assert.Equal((kind, status), (failure.Kind, failure.StatusCode));
                Assert.False(string.IsNullOrWhiteSpace(failure.OpenRouterMessage));
                Assert.Contains(failure.OpenRouterMessage!, failure.Message, StringComparison.Ordinal);
                Assert.Contains($"status {status}", failure.Message, StringComparison.Ordinal);
                Assert.DoesNotContain(harness.UserKey, failure.ToString(), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task A_moderation_refusal_carries_its_reasons_and_a_rate_limit_its_wait()
    {
        await using var harness = await ClientHarness.StartAsync(settings: NoRetries);
        var chat = harness.Get<IChatCompletions>();

        using (ClientHarness.Fault("403"))
        {
            var moderated = await Assert.ThrowsAsync<OpenRouterException>(() => chat.CompleteAsync(harness.UserKey, ClientHarness.Chat("Something rude")));
            Assert.Equal(["harassment"], moderated.ModerationReasons);
            Assert.Equal("Something rude", moderated.Metadata!.Value.GetProperty("flagged_input").GetString());
        }

        using (ClientHarness.Fault("429;retry-after=7"))
        {
            var limited = await Assert.ThrowsAsync<OpenRouterException>(() => chat.CompleteAsync(harness.UserKey, ClientHarness.Chat("Again")));
            Assert.Equal(TimeSpan.FromSeconds(7), limited.RetryAfter);
            Assert.Equal("rate_limit_exceeded", limited.ErrorType);
            Assert.True(limited.IsTransient);
        }
    }

    [Fact]
    public async Task Real_refusals_map_too_unknown_key_key_limit_management_key_unknown_model()
    {
        await using var harness = await ClientHarness.StartAsync(settings: NoRetries);
        var chat = harness.Get<IChatCompletions>();
        var unknown = "sk-or-v1-" + new string('a', 64);
        harness.Remember(unknown);
        var spent = harness.NewKey(limit: 0m);

        var invalid = await Assert.ThrowsAsync<OpenRouterException>(() => chat.CompleteAsync(unknown, ClientHarness.Chat("Hi")));
        var overLimit = await Assert.ThrowsAsync<OpenRouterException>(() => chat.CompleteAsync(spent.Key, ClientHarness.Chat("Hi")));
        var management = await Assert.ThrowsAsync<OpenRouterException>(() => chat.CompleteAsync(harness.ManagementKey, ClientHarness.Chat("Hi")));
        var model = await Assert.ThrowsAsync<OpenRouterException>(() => chat.CompleteAsync(harness.UserKey, ClientHarness.Chat("Hi", "acme/unknown")));

        Assert.Equal(OpenRouterFailureKind.InvalidKey, invalid.Kind);
        Assert.DoesNotContain(unknown, invalid.ToString(), StringComparison.Ordinal);
        Assert.Equal(OpenRouterFailureKind.PaymentRequired, overLimit.Kind);
        Assert.Contains("limit", overLimit.OpenRouterMessage, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(OpenRouterFailureKind.Forbidden, management.Kind);
        Assert.Equal(OpenRouterFailureKind.BadRequest, model.Kind);
        Assert.Empty(model.ModerationReasons);
    }

    [Fact]
    public async Task A_port_where_nothing_listens_is_unreachable_for_reads_and_completions()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await using var harness = await ClientHarness.StartAsync(baseUrl: new Uri($"http://127.0.0.1:{port}/api/v1"));

        var read = await Assert.ThrowsAsync<OpenRouterException>(() => harness.Get<IKeyDetailsSource>().GetKeyDetailsAsync(harness.UserKey));
        var whole = await Assert.ThrowsAsync<OpenRouterException>(() => harness.Get<IChatCompletions>().CompleteAsync(harness.UserKey, ClientHarness.Chat("Anyone?")));
        var streamed = await Assert.ThrowsAsync<OpenRouterException>(() => harness.Get<IChatCompletions>().StreamAsync(harness.UserKey, ClientHarness.Chat("Anyone?", stream: true)));

        foreach (var failure in new[] { read, whole, streamed })
        {
            Assert.Equal(OpenRouterFailureKind.Unreachable, failure.Kind);
            Assert.Null(failure.StatusCode);
            Assert.True(failure.IsTransient);
            Assert.DoesNotContain(harness.UserKey, failure.ToString(), StringComparison.Ordinal);
        }

        // Connection errors are retried (a request that never connected was never taken on): one warning per retry.
        Assert.Equal(3 * 3, harness.Logs.Lines.Count(l => l.Contains("retry", StringComparison.Ordinal) && l.Contains("network: ConnectionError", StringComparison.Ordinal)));
    }

    [Fact]
    public void Keys_are_scrubbed_from_any_text_OpenRouter_sends_back()
    {
        var text = OpenRouterSaaS.Infrastructure.OpenRouter.OpenRouterErrors.Scrub("Key sk-or-v1-0123456789abcdef is over its limit");
        Assert.Equal("Key sk-or-(hidden) is over its limit", text);
    }
}
