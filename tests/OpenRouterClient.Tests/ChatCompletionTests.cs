using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.OpenRouter;

namespace OpenRouterClient.Tests;

public sealed class ChatCompletionTests
{
    [Fact]
    public async Task A_completion_gives_the_body_the_served_model_and_the_usage()
    {
        await using var harness = await ClientHarness.StartAsync();

        var result = await harness.Get<IChatCompletions>().CompleteAsync(harness.UserKey, ClientHarness.Chat("Hello there", "openrouter/auto"));

        Assert.Equal(200, result.StatusCode);
        Assert.Null(result.Failure);
        using var body = JsonDocument.Parse(result.Body);
        var root = body.RootElement;
        Assert.Equal(root.GetProperty("id").GetString(), result.GenerationId);
        Assert.StartsWith("gen-", result.GenerationId, StringComparison.Ordinal);
        Assert.Equal(root.GetProperty("model").GetString(), result.Model);
        Assert.NotEqual("openrouter/auto", result.Model);
        Assert.Equal(root.GetProperty("provider").GetString(), result.Provider);
        var usage = result.Usage!;
        Assert.True(usage.PromptTokens > 0 && usage.CompletionTokens > 0);
        Assert.Equal(usage.PromptTokens + usage.CompletionTokens, usage.TotalTokens);
        Assert.Equal(root.GetProperty("usage").GetProperty("cost").GetDecimal(), usage.Cost);
        Assert.True(usage.Cost > 0m);
        Assert.False(usage.IsByok);
        var logged = Assert.Single(harness.Requests("/chat/completions"));
        Assert.Equal((200, result.GenerationId), (logged.Status, logged.GenerationId));
    }

    [Fact]
    public async Task Reasoning_tokens_are_read_from_the_usage()
    {
        await using var harness = await ClientHarness.StartAsync();

        var result = await harness.Get<IChatCompletions>().CompleteAsync(harness.UserKey, ClientHarness.Chat("Think hard", "deepseek/deepseek-r1"));

        Assert.True(result.Usage!.ReasoningTokens > 0);
        Assert.Equal(0, result.Usage.CachedTokens);
    }

    [Fact]
    public async Task The_request_body_reaches_OpenRouter_byte_for_byte()
    {
        const string answer = """{"id":"gen-1","model":"openai/gpt-4o","provider":"OpenAI","choices":[],"usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4,"cost":0.5,"is_byok":true}}""";
        await using var canned = await CannedOpenRouter.StartAsync(answer);
        await using var harness = await ClientHarness.StartAsync(baseUrl: canned.BaseUrl);
        var request = Encoding.UTF8.GetBytes(
            """{"model":"openai/gpt-4o","messages":[{"role":"user","content":"Weather?"}],"tools":[{"type":"function","function":{"name":"weather","parameters":{"type":"object"}}}],"response_format":{"type":"json_object"},"x_custom":  [1, 2.50, "é"]}""");

        var result = await harness.Get<IChatCompletions>().CompleteAsync(harness.UserKey, request);

        Assert.Equal(request, Assert.Single(canned.Bodies));
        Assert.Equal(answer, Encoding.UTF8.GetString(result.Body.Span));
        Assert.Equal(new ChatUsage(3, 1, 4, 0, 0, 0.5m, true), result.Usage);
    }

    [Fact]
    public async Task A_JsonObject_request_is_sent_with_stream_matching_the_call()
    {
        await using var canned = await CannedOpenRouter.StartAsync("""{"id":"gen-2","choices":[]}""");
        await using var harness = await ClientHarness.StartAsync(baseUrl: canned.BaseUrl);
        var request = new JsonObject { ["model"] = "openai/gpt-4o", ["stream"] = true, ["messages"] = new JsonArray() };

        await harness.Get<IChatCompletions>().CompleteAsync(harness.UserKey, request);

        var sent = JsonNode.Parse(Assert.Single(canned.Bodies))!.AsObject();
        Assert.False(sent["stream"]!.GetValue<bool>());
        Assert.True(request["stream"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_generation_that_failed_after_it_began_is_reported_with_what_was_billed()
    {
        await using var harness = await ClientHarness.StartAsync();

        using (ClientHarness.Fault("stream-error"))
        {
            var result = await harness.Get<IChatCompletions>().CompleteAsync(harness.UserKey, ClientHarness.Chat("Fail half way"));

            Assert.Equal(200, result.StatusCode);
            var failure = result.Failure!;
            Assert.Equal((OpenRouterFailureKind.StreamError, 502, "provider_unavailable"), (failure.Kind, failure.StatusCode, failure.ErrorType));
            Assert.Equal("Provider disconnected mid-stream", failure.OpenRouterMessage);
            Assert.True(result.Usage!.CompletionTokens > 0);
        }
    }

    [Fact]
    public async Task A_non_streaming_call_is_bounded_by_the_timeout_and_the_callers_cancellation_stays_a_cancellation()
    {
        await using var harness = await ClientHarness.StartAsync(settings: new Dictionary<string, string?> { ["OpenRouter:Timeout"] = "00:00:00.300" });
        var chat = harness.Get<IChatCompletions>();

        using (ClientHarness.Fault("latency=20000"))
        {
            var timedOut = await Assert.ThrowsAsync<OpenRouterException>(() => chat.CompleteAsync(harness.UserKey, ClientHarness.Chat("Slow")));
            Assert.Equal(OpenRouterFailureKind.Timeout, timedOut.Kind);
            Assert.Null(timedOut.StatusCode);

            using var cancel = new CancellationTokenSource();
            var call = chat.CompleteAsync(harness.UserKey, ClientHarness.Chat("Slow too"), cancel.Token);
            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        }
    }
}
