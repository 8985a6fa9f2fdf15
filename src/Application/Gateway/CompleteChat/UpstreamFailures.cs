using System.Globalization;
using OpenRouterSaaS.Application.Keys.ChooseKey;
using OpenRouterSaaS.Application.OpenRouter;
using OpenRouterSaaS.Domain.Credentials;

namespace OpenRouterSaaS.Application.Gateway.CompleteChat;

/// <summary>
/// What the gateway tells its client when OpenRouter failed, in OpenRouter's error shape: a status the client can act on
/// and a message that names what refused the call (the key and its mask, the rate limit, the provider).
/// </summary>
internal static class UpstreamFailures
{
    /// <summary>How long to ask a rate-limited client to wait when OpenRouter did not say.</summary>
    public static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(1);

    /// <summary>The status, message and wait to answer a failure before any byte of the completion was sent.</summary>
    public static (int Status, string Message, TimeSpan? RetryAfter) BeforeAnswer(OpenRouterException failure, ChosenKey key, string slug)
    {
        var said = Said(failure);
        return failure.StatusCode switch
        {
            400 => (400, $"OpenRouter refused the request as invalid: {said}", null),
            401 => (502, $"OpenRouter rejected {Whose(key)} ({key.Mask}): {said} {KeyFix(key, slug)}", null),
            402 => (402, $"{Capitalised(Whose(key))} ({key.Mask}) has no OpenRouter credit left or reached its spending limit: {said} {CreditFix(key, slug)}", null),
            403 => (403, failure.ModerationReasons.Count > 0
                ? $"OpenRouter's moderation refused the request (flagged for {string.Join(", ", failure.ModerationReasons)}): {said}"
                : $"OpenRouter refused the request: {said}", null),
            408 => (408, $"OpenRouter timed out: {said}", null),
            429 => (429, $"OpenRouter's rate limit refused the call: {said} Retry after {Seconds(failure.RetryAfter ?? DefaultRetryAfter)} s.",
                failure.RetryAfter ?? DefaultRetryAfter),
            502 => (502, $"The model's provider failed, as OpenRouter reports: {said}", null),
            503 => (503, $"No provider can serve this request right now, as OpenRouter reports: {said}", failure.RetryAfter),
            >= 400 => (502, $"OpenRouter failed (status {failure.StatusCode}): {said}", null),
            _ => failure.Kind == OpenRouterFailureKind.Timeout
                ? (504, $"OpenRouter did not answer in time: {failure.Message}", null)
                : (502, $"OpenRouter could not be reached or answered something unreadable: {failure.Message}", null),
        };
    }

    /// <summary>What a stream that had begun and then failed tells its client, and the status it would have had.</summary>
    public static (int Code, string Message) MidStream(OpenRouterException failure) => failure.Kind switch
    {
        OpenRouterFailureKind.StreamError => (failure.StatusCode ?? 502, $"The generation failed after it began, as OpenRouter reports: {Said(failure)}"),
        OpenRouterFailureKind.Timeout => (504, $"OpenRouter sent nothing for too long, so the stream was ended: {failure.Message}"),
        OpenRouterFailureKind.StreamInterrupted => (502, $"The connection to OpenRouter broke before the answer was complete: {failure.Message}"),
        _ => (502, $"OpenRouter's stream could not be read: {failure.Message}"),
    };

    /// <summary>The ledger's short error code: the HTTP status OpenRouter answered, or the way the call failed.</summary>
    public static string CodeOf(OpenRouterException failure) => failure.Kind switch
    {
        OpenRouterFailureKind.StreamError => "stream_error",
        OpenRouterFailureKind.StreamInterrupted => "stream_interrupted",
        OpenRouterFailureKind.MalformedResponse => "malformed_response",
        OpenRouterFailureKind.Unreachable => "unreachable",
        _ when failure.StatusCode is >= 400 and var status => status.ToString(CultureInfo.InvariantCulture),
        OpenRouterFailureKind.Timeout => "timeout",
        _ => failure.Kind.ToString().ToLowerInvariant(),
    };

    private static string Said(OpenRouterException failure) => failure.OpenRouterMessage ?? failure.Message;

    private static string Whose(ChosenKey key) =>
        key.Kind == CredentialKind.Personal ? "your personal OpenRouter key" : "the tenant's shared OpenRouter key";

    private static string KeyFix(ChosenKey key, string slug) => key.Kind == CredentialKind.Personal
        ? $"Save a working key at /t/{slug}/keys and try again."
        : "Ask an admin to replace the shared key.";

    private static string CreditFix(ChosenKey key, string slug) => key.Kind == CredentialKind.Personal
        ? $"Add credit on openrouter.ai or raise the key's limit, or save another key at /t/{slug}/keys."
        : "Ask an admin to add credit to the tenant's OpenRouter account or raise the shared key's limit.";

    private static string Capitalised(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    private static string Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
