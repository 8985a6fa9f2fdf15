using System.Text.Json;

namespace OpenRouterSaaS.Application.Gateway;

/// <summary>What the gateway answers an API client: a status, a JSON body (OpenRouter's own, or an error in its shape) and, for 429/503, how long to wait.</summary>
public sealed record GatewayResponse(int StatusCode, ReadOnlyMemory<byte> Body, TimeSpan? RetryAfter = null)
{
    /// <summary>An error in OpenRouter's shape: <c>{"error":{"code":status,"message":...}}</c>.</summary>
    public static GatewayResponse Error(int statusCode, string message, TimeSpan? retryAfter = null) =>
        new(statusCode, JsonSerializer.SerializeToUtf8Bytes(new { error = new { code = statusCode, message } }), retryAfter);
}

/// <summary>
/// Who is calling the gateway, in the tenant already entered: the member, the API token when the call came through the
/// API (null for the playground), and the request's correlation id (its trace identifier) for the ledger row.
/// </summary>
public sealed record GatewayCaller(Guid UserId, Guid? ApiTokenId, string? CorrelationId = null);
