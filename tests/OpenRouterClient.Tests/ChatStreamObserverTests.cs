using System.Text;
using System.Text.Json;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.OpenRouter;
using OpenRouterSaaS.Infrastructure.OpenRouter.Streaming;

namespace OpenRouterClient.Tests;

public sealed class ChatStreamObserverTests
{
    [Fact]
    public void Captures_id_model_provider_and_the_usage_chunk()
    {
        var observer = new ChatStreamObserver();

        var first = observer.Observe(Bytes("""{"id":"gen-9","provider":"Anthropic","model":"anthropic/claude-sonnet-4","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant","content":"Hel"},"finish_reason":null}]}"""));
        var usage = observer.Observe(Bytes("""{"id":"gen-9","provider":"Anthropic","model":"anthropic/claude-sonnet-4","choices":[{"index":0,"delta":{"content":""},"finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":30,"total_tokens":42,"cost":0.000486,"is_byok":false,"prompt_tokens_details":{"cached_tokens":4},"completion_tokens_details":{"reasoning_tokens":10}}}"""));

        Assert.Equal((ChatStreamEventKind.Chunk, ChatStreamEventKind.Usage), (first, usage));
        Assert.Equal(new ChatUsage(12, 30, 42, 4, 10, 0.000486m, false), observer.Usage);
        var summary = observer.Summarize("gen-header");
        Assert.Equal(("gen-9", "anthropic/claude-sonnet-4", "Anthropic", false), (summary.GenerationId, summary.Model, summary.Provider, summary.Completed));
    }

    [Fact]
    public void Recognises_an_error_chunk_with_a_numeric_or_a_word_code()
    {
        var numeric = new ChatStreamObserver();
        var word = new ChatStreamObserver();

        var first = numeric.Observe(Bytes("""{"id":"gen-1","error":{"code":429,"message":"Rate limit exceeded","metadata":{"error_type":"rate_limit_exceeded"}},"choices":[{"index":0,"delta":{"content":""},"finish_reason":"error"}]}"""));
        var second = word.Observe(Bytes("""{"id":"gen-2","error":{"code":"server_error","message":"Provider disconnected unexpectedly"},"choices":[{"index":0,"delta":{"content":""},"finish_reason":"error"}]}"""));

        Assert.Equal((ChatStreamEventKind.Error, ChatStreamEventKind.Error), (first, second));
        Assert.Equal((OpenRouterFailureKind.StreamError, 429, "rate_limit_exceeded"), (numeric.Failure!.Kind, numeric.Failure.StatusCode, numeric.Failure.ErrorType));
        Assert.Equal((OpenRouterFailureKind.StreamError, (int?)null, "Provider disconnected unexpectedly"), (word.Failure!.Kind, word.Failure.StatusCode, word.Failure.OpenRouterMessage));
    }

    [Fact]
    public void A_chunk_that_is_not_a_JSON_object_is_refused()
    {
        var observer = new ChatStreamObserver();

        Assert.ThrowsAny<JsonException>(() => observer.Observe(Bytes("[1,2]")));
        Assert.ThrowsAny<JsonException>(() => observer.Observe(Bytes("{\"id\":")));
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
