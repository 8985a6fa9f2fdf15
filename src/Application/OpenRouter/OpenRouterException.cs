using System.Net;
using System.Text.Json;

namespace OpenRouterSaaS.Application.OpenRouter;

/// <summary>
/// A call to OpenRouter that failed, with the kind of failure, the HTTP status and OpenRouter's own message and metadata.
/// The message never contains the key that was used.
/// </summary>
public sealed class OpenRouterException : Exception
{
    public OpenRouterException(
        OpenRouterFailureKind kind,
        string message,
        int? statusCode = null,
        string? openRouterMessage = null,
        JsonElement? metadata = null,
        TimeSpan? retryAfter = null,
        Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        StatusCode = statusCode;
        OpenRouterMessage = openRouterMessage;
        Metadata = metadata;
        RetryAfter = retryAfter;
    }

    /// <summary>Which failure it was.</summary>
    public OpenRouterFailureKind Kind { get; }

    /// <summary>The HTTP status OpenRouter answered (or <c>error.code</c> of a mid-stream error chunk); null when no answer came.</summary>
    public int? StatusCode { get; }

    /// <summary><c>error.message</c> as OpenRouter wrote it, when it sent one.</summary>
    public string? OpenRouterMessage { get; }

    /// <summary><c>error.metadata</c> as OpenRouter sent it (moderation reasons, provider name, <c>error_type</c>, raw provider error).</summary>
    public JsonElement? Metadata { get; }

    /// <summary>How long OpenRouter asked to wait (<c>Retry-After</c>), for 429 and 503.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary><c>metadata.error_type</c>, OpenRouter's stable name for the failure (<c>rate_limit_exceeded</c>, <c>provider_unavailable</c>, ...).</summary>
    public string? ErrorType => MetadataString("error_type");

    /// <summary>Why a moderation flag was raised (<c>metadata.reasons</c>); empty for other failures.</summary>
    public IReadOnlyList<string> ModerationReasons =>
        Metadata is { ValueKind: JsonValueKind.Object } metadata
        && metadata.TryGetProperty("reasons", out var reasons)
        && reasons.ValueKind == JsonValueKind.Array
            ? [.. reasons.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.String).Select(r => r.GetString()!)]
            : [];

    /// <summary>Whether the same request may succeed later without being changed (rate limit, provider outage, network).</summary>
    public bool IsTransient => Kind is OpenRouterFailureKind.RateLimited or OpenRouterFailureKind.Unavailable
        or OpenRouterFailureKind.UpstreamError or OpenRouterFailureKind.ServerError or OpenRouterFailureKind.Unreachable
        or OpenRouterFailureKind.Timeout;

    /// <summary>The kind that an HTTP error status of OpenRouter stands for.</summary>
    public static OpenRouterFailureKind KindOf(int status) => status switch
    {
        (int)HttpStatusCode.BadRequest => OpenRouterFailureKind.BadRequest,
        (int)HttpStatusCode.Unauthorized => OpenRouterFailureKind.InvalidKey,
        (int)HttpStatusCode.PaymentRequired => OpenRouterFailureKind.PaymentRequired,
        (int)HttpStatusCode.Forbidden => OpenRouterFailureKind.Forbidden,
        (int)HttpStatusCode.NotFound => OpenRouterFailureKind.NotFound,
        (int)HttpStatusCode.RequestTimeout => OpenRouterFailureKind.Timeout,
        (int)HttpStatusCode.TooManyRequests => OpenRouterFailureKind.RateLimited,
        (int)HttpStatusCode.BadGateway => OpenRouterFailureKind.UpstreamError,
        (int)HttpStatusCode.ServiceUnavailable => OpenRouterFailureKind.Unavailable,
        (int)HttpStatusCode.GatewayTimeout => OpenRouterFailureKind.Timeout,
        >= 500 => OpenRouterFailureKind.ServerError,
        _ => OpenRouterFailureKind.BadRequest,
    };

    private string? MetadataString(string name) =>
        Metadata is { ValueKind: JsonValueKind.Object } metadata
        && metadata.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
