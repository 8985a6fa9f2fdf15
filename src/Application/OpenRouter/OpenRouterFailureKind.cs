namespace OpenRouterSaaS.Application.OpenRouter;

/// <summary>Which way a call to OpenRouter failed, so a use case can answer the person or the API client accordingly.</summary>
public enum OpenRouterFailureKind
{
    /// <summary>400: OpenRouter or the provider rejected the request (invalid parameters, unknown model, context too long).</summary>
    BadRequest,

    /// <summary>401: the key is unknown, disabled, deleted or expired.</summary>
    InvalidKey,

    /// <summary>402: the account is out of credits or the key reached its spending limit.</summary>
    PaymentRequired,

    /// <summary>403: not allowed: a moderation flag (see <see cref="OpenRouterException.ModerationReasons"/>), a guardrail, or a key without the permission (management endpoints).</summary>
    Forbidden,

    /// <summary>404: the resource does not exist (a key hash, a generation).</summary>
    NotFound,

    /// <summary>408 from OpenRouter, or no answer within the configured timeout (for a stream: no bytes within the idle timeout).</summary>
    Timeout,

    /// <summary>429: rate limited; <see cref="OpenRouterException.RetryAfter"/> says how long OpenRouter asked to wait, when it said.</summary>
    RateLimited,

    /// <summary>500 and other unexpected 5xx statuses: OpenRouter itself failed.</summary>
    ServerError,

    /// <summary>502: the model's provider is down or answered something invalid.</summary>
    UpstreamError,

    /// <summary>503: no provider is available for the request.</summary>
    Unavailable,

    /// <summary>OpenRouter could not be reached: DNS, connection refused or reset before an answer.</summary>
    Unreachable,

    /// <summary>A stream that had begun (status 200) carried an error chunk (<c>finish_reason: "error"</c>).</summary>
    StreamError,

    /// <summary>A stream that had begun ended without <c>[DONE]</c>: the connection dropped or was cut.</summary>
    StreamInterrupted,

    /// <summary>The answer could not be understood: not JSON, or missing what every answer carries.</summary>
    MalformedResponse,
}
