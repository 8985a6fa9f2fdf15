using System.Globalization;
using OpenRouterSaaS.Application.ApiTokens.AuthenticateApiToken;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Gateway;
using OpenRouterSaaS.Application.Gateway.CompleteChat;
using OpenRouterSaaS.Application.Gateway.ListModels;

namespace OpenRouterSaaS.Web;

/// <summary>The OpenAI-compatible API at <c>/api/v1</c>, authenticated with <c>Authorization: Bearer ors_…</c>; errors in OpenRouter's shape.</summary>
internal static class GatewayEndpoints
{
    /// <summary>The largest request body the API reads.</summary>
    public const int MaxRequestBytes = 1024 * 1024;

    public static void MapGatewayEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1");
        api.MapGet("/models", ListModelsAsync);
        api.MapPost("/chat/completions", CompleteChatAsync);
    }

    private static async Task ListModelsAsync(HttpContext http, IApiTokenAuthenticator authenticator, ITenantContext tenant, GatewayModels models)
    {
        var caller = await AuthenticateAsync(http, authenticator, tenant);
        var response = caller is null ? null : await models.ListAsync(http.RequestAborted);
        if (response is not null)
        {
            await WriteAsync(http, response);
        }
    }

    private static async Task CompleteChatAsync(HttpContext http, IApiTokenAuthenticator authenticator, ITenantContext tenant, ChatGateway gateway)
    {
        var caller = await AuthenticateAsync(http, authenticator, tenant);
        if (caller is null)
        {
            return;
        }

        var body = await ReadBodyAsync(http.Request, http.RequestAborted);
        if (body is null)
        {
            await WriteAsync(http, GatewayResponse.Error(StatusCodes.Status413PayloadTooLarge,
                $"The request body is larger than the limit of {MaxRequestBytes / 1024 / 1024} MB."));
            return;
        }

        await WriteAsync(http, await gateway.CompleteAsync(caller, body, http.RequestAborted));
    }

    /// <summary>The token's member, with its tenant entered; or null after answering 401 with the authenticator's reason.</summary>
    private static async Task<GatewayCaller?> AuthenticateAsync(HttpContext http, IApiTokenAuthenticator authenticator, ITenantContext tenant)
    {
        var header = http.Request.Headers.Authorization.ToString();
        var presented = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
        var authentication = await authenticator.AuthenticateAsync(presented, http.RequestAborted);
        if (authentication.Token is not { } token)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            await WriteAsync(http, GatewayResponse.Error(StatusCodes.Status401Unauthorized, authentication.Message ?? "The API token was refused."));
            return null;
        }

        tenant.Enter(token.TenantId, token.TenantSlug, token.Role);
        return new GatewayCaller(token.UserId, token.TokenId);
    }

    /// <summary>The whole body, or null when it is larger than <see cref="MaxRequestBytes"/>.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxRequestBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxRequestBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static async Task WriteAsync(HttpContext http, GatewayResponse response)
    {
        http.Response.StatusCode = response.StatusCode;
        http.Response.ContentType = "application/json";
        if (response.RetryAfter is { } wait)
        {
            http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        await http.Response.Body.WriteAsync(response.Body, http.RequestAborted);
    }
}
