using System.Diagnostics;
using System.Security.Cryptography;
using OpenRouterSimulator.Catalogue;
using OpenRouterSimulator.Generations;
using OpenRouterSimulator.Keys;

namespace OpenRouterSimulator.Chat;

/// <summary>A generation decided but not yet sent: its id, served model, reply words and prompt tokens.</summary>
internal sealed class Completion
{
    private const string IdAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private Completion(DateTimeOffset now)
    {
        StartedAt = now;
        StartTimestamp = Stopwatch.GetTimestamp();
        Id = $"gen-{now.ToUnixTimeSeconds()}-{RandomNumberGenerator.GetString(IdAlphabet, 20)}";
        Created = now.ToUnixTimeSeconds();
    }

    public string Id { get; }

    public long Created { get; }

    public DateTimeOffset StartedAt { get; }

    public long StartTimestamp { get; }

    public required CatalogueModel Model { get; init; }

    public string? Router { get; init; }

    /// <summary>The reply as it will be sent, already cut to the token limit.</summary>
    public required string[] Pieces { get; init; }

    /// <summary>Whether the token limit cut the reply (finish reason <c>length</c>).</summary>
    public required bool Truncated { get; init; }

    public required int PromptTokens { get; init; }

    /// <summary><c>max_completion_tokens</c> (or <c>max_tokens</c>) of the request, if any.</summary>
    public int? TokenLimit { get; init; }

    public required ApiKey Key { get; init; }

    public string? Origin { get; init; }

    public string? UserAgent { get; init; }

    public string? ExternalUser { get; init; }

    public string? SessionId { get; init; }

    /// <summary>What the generation record bills beyond the response's cost (the <c>cost-drift</c> fault).</summary>
    public decimal CostDrift { get; init; }

    public string FinishReason => Truncated ? "length" : "stop";

    public string NativeFinishReason => Truncated ? Model.NativeFinish.Length : Model.NativeFinish.Stop;

    public static Completion Plan(ChatRequest request, string prompt, RouteResult route, ApiKey key, HttpContext context, SimulatorOptions options, decimal costDrift = 0m)
    {
        var natural = ReplyComposer.Compose(ReplyComposer.Fingerprint(prompt), options.MinReplyWords, options.MaxReplyWords);
        var limit = request.TokenLimit ?? int.MaxValue;
        var truncated = natural.Length > limit;
        return new Completion(options.TimeProvider.GetUtcNow())
        {
            Model = route.Model!,
            Router = route.Router,
            Pieces = truncated ? natural[..limit] : natural,
            Truncated = truncated,
            TokenLimit = request.TokenLimit,
            PromptTokens = TokenCounter.Prompt(request.Messages!),
            Key = key,
            Origin = NullIfEmpty(context.Request.Headers["HTTP-Referer"].ToString()) ?? NullIfEmpty(context.Request.Headers.Referer.ToString()),
            UserAgent = NullIfEmpty(context.Request.Headers.UserAgent.ToString()),
            ExternalUser = request.User,
            SessionId = request.SessionId,
            CostDrift = costDrift,
        };
    }

    public TokenUsage Usage(int contentTokens) => TokenUsage.For(Model, PromptTokens, contentTokens, TokenLimit);

    public string Text(int pieces) => string.Join("", Pieces, 0, Math.Min(pieces, Pieces.Length));

    public GenerationRecord ToRecord(int contentTokens, bool streamed, bool cancelled, string? finishReason, string? nativeFinishReason, TimeSpan latency, DateTimeOffset completedAt)
    {
        var usage = Usage(contentTokens);
        var total = Stopwatch.GetElapsedTime(StartTimestamp);
        return new GenerationRecord
        {
            Id = Id,
            KeyHash = Key.Hash,
            AccountName = Key.Account.Name,
            Model = Model,
            Router = Router,
            CreatedAt = StartedAt,
            CompletedAt = completedAt,
            Streamed = streamed,
            Cancelled = cancelled,
            FinishReason = finishReason,
            NativeFinishReason = nativeFinishReason,
            PromptTokens = usage.PromptTokens,
            CompletionTokens = usage.CompletionTokens,
            ReasoningTokens = usage.ReasoningTokens,
            TotalCost = Math.Max(0m, usage.Cost + CostDrift),
            LatencyMs = (int)latency.TotalMilliseconds,
            GenerationTimeMs = (int)Math.Max(0, (total - latency).TotalMilliseconds),
            UpstreamId = "chatcmpl-" + Guid.NewGuid().ToString("N"),
            Origin = Origin,
            UserAgent = UserAgent,
            ExternalUser = ExternalUser,
            SessionId = SessionId,
        };
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
