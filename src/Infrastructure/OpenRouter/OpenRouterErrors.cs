using System.Text.Json;
using System.Text.RegularExpressions;
using OpenRouterSaaS.Application.OpenRouter;

namespace OpenRouterSaaS.Infrastructure.OpenRouter;

/// <summary>Turns OpenRouter's error shape <c>{"error":{"code","message","metadata"}}</c> into <see cref="OpenRouterException"/>.</summary>
public static partial class OpenRouterErrors
{
    /// <summary>An HTTP error answer: the status decides the kind; the body gives OpenRouter's message and metadata when it has them.</summary>
    public static OpenRouterException FromResponse(string operation, int status, ReadOnlySpan<byte> body, TimeSpan? retryAfter)
    {
        var (message, metadata) = TryReadError(body, out var error) ? (error.Message, error.Metadata) : (null, null);
        var kind = OpenRouterException.KindOf(status);
        return new OpenRouterException(kind, Describe(operation, kind, status, message, retryAfter), status, message, metadata, retryAfter);
    }

    /// <summary>An HTTP error answer whose body was read as text (Refit's <c>ApiException.Content</c>).</summary>
    public static OpenRouterException FromResponse(string operation, int status, string? body, TimeSpan? retryAfter) =>
        FromResponse(operation, status, body is null ? [] : System.Text.Encoding.UTF8.GetBytes(body), retryAfter);

    /// <summary>The <c>error</c> object of a chunk or a choice after the answer began with 200: kind <see cref="OpenRouterFailureKind.StreamError"/>.</summary>
    public static OpenRouterException FromGenerationError(string operation, JsonElement error)
    {
        var detail = ReadErrorObject(error);
        return new OpenRouterException(
            OpenRouterFailureKind.StreamError,
            $"{operation}: the generation failed after it began{(detail.Code is { } code ? $" ({code})" : "")}: {detail.Message ?? "no message"}",
            detail.Code, detail.Message, detail.Metadata);
    }

    public static OpenRouterException Malformed(string operation, string what, Exception? inner = null) =>
        new(OpenRouterFailureKind.MalformedResponse, $"{operation}: OpenRouter's answer could not be understood: {what}", innerException: inner);

    /// <summary>Reads <c>{"error":{...}}</c>; false when the body is not that shape.</summary>
    public static bool TryReadError(ReadOnlySpan<byte> body, out ErrorDetail error)
    {
        error = default;
        if (body.IsEmpty)
        {
            return false;
        }

        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("error", out var errorElement)
                || errorElement.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            error = ReadErrorObject(errorElement);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Reads an <c>error</c> object. <c>code</c> is usually the HTTP status, but mid-stream it may be a word such as <c>server_error</c>.</summary>
    public static ErrorDetail ReadErrorObject(JsonElement error)
    {
        int? code = error.TryGetProperty("code", out var codeElement) && codeElement.ValueKind == JsonValueKind.Number
            && codeElement.TryGetInt32(out var number) ? number : null;
        var message = error.TryGetProperty("message", out var messageElement) && messageElement.ValueKind == JsonValueKind.String
            ? Scrub(messageElement.GetString()!)
            : null;
        JsonElement? metadata = error.TryGetProperty("metadata", out var metadataElement) && metadataElement.ValueKind == JsonValueKind.Object
            ? metadataElement.Clone()
            : null;
        return new ErrorDetail(code, message, metadata);
    }

    /// <summary>Removes anything shaped like an OpenRouter key from a text that may reach a log or a page.</summary>
    public static string Scrub(string text) => KeyPattern().Replace(text, "sk-or-(hidden)");

    private static string Describe(string operation, OpenRouterFailureKind kind, int status, string? message, TimeSpan? retryAfter)
    {
        var what = kind switch
        {
            OpenRouterFailureKind.BadRequest => "the request was rejected",
            OpenRouterFailureKind.InvalidKey => "the key is unknown, disabled or expired",
            OpenRouterFailureKind.PaymentRequired => "out of credits or over the key's limit",
            OpenRouterFailureKind.Forbidden => "not allowed",
            OpenRouterFailureKind.NotFound => "not found",
            OpenRouterFailureKind.Timeout => "timed out",
            OpenRouterFailureKind.RateLimited => "rate limited",
            OpenRouterFailureKind.UpstreamError => "the model's provider failed",
            OpenRouterFailureKind.Unavailable => "no provider is available",
            _ => "OpenRouter failed",
        };
        var wait = retryAfter is { } delay ? $" (retry after {delay.TotalSeconds:0.###} s)" : "";
        return $"{operation}: {what}, status {status}{wait}{(message is null ? "" : ": " + message)}";
    }

    [GeneratedRegex(@"sk-or-[A-Za-z0-9_\-]+", RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();
}

/// <summary>OpenRouter's <c>error</c> object: the code (usually the HTTP status), the message, the metadata.</summary>
public readonly record struct ErrorDetail(int? Code, string? Message, JsonElement? Metadata);
