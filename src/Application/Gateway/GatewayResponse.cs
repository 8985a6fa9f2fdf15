using System.Text.Json;
using OpenRouterSaaS.Domain.Common;

namespace OpenRouterSaaS.Application.Gateway;

/// <summary>What the gateway answers an API client: a status, a JSON body (OpenRouter's own, or an error in its shape) and, for 429/503, how long to wait.</summary>
public sealed record GatewayResponse(int StatusCode, ReadOnlyMemory<byte> Body, TimeSpan? RetryAfter = null)
{
    /// <summary>An error in OpenRouter's shape: <c>{"error":{"code":status,"message":...}}</c>.</summary>
    public static GatewayResponse Error(int statusCode, string message, TimeSpan? retryAfter = null) =>
        new(statusCode, JsonSerializer.SerializeToUtf8Bytes(new { error = new { code = statusCode, message } }), retryAfter);

    /// <summary>An application error as a gateway error: 400 invalid, 409 conflict, 403 otherwise.</summary>
    public static GatewayResponse Of(Error error) => error.Kind switch
    {
        ErrorKind.Invalid => Error(400, error.Message),
        ErrorKind.Conflict => Error(409, error.Message),
        _ => Error(403, error.Message),
    };
}

/// <summary>
/// Who is calling the gateway, in the tenant already entered: the member, the API token when the call came through the
/// API (null for the playground), and the request's correlation id (its trace identifier) for the ledger row.
/// </summary>
/// <param name="Remembered">An API caller as this instance remembers it (see <see cref="Callers.ApiCallerCache"/>); null for the playground.</param>
public sealed record GatewayCaller(Guid UserId, Guid? ApiTokenId, string? CorrelationId = null, Callers.CachedCaller? Remembered = null);
