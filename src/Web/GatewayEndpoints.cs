using System.Diagnostics;
using Microsoft.AspNetCore.Antiforgery;
using OpenRouterSaaS.Application.ApiTokens.AuthenticateApiToken;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Gateway;
using OpenRouterSaaS.Application.Gateway.Callers;
using OpenRouterSaaS.Application.Gateway.Telemetry;
using OpenRouterSaaS.Application.Gateway.CompleteChat;
using OpenRouterSaaS.Application.Gateway.ListModels;
using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.Web.Pages.Shared;
using OpenRouterSaaS.Web.Tenancy;

namespace OpenRouterSaaS.Web;

/// <summary>
/// The OpenAI-compatible API at <c>/api/v1</c>, authenticated with <c>Authorization: Bearer ors_…</c>, and the playground's
/// chat at <c>/t/{slug}/playground/chat</c>, authenticated with the sign-in cookie: the same gateway flow, errors in
/// OpenRouter's shape.
/// </summary>
internal static class GatewayEndpoints
{
    /// <summary>The largest request body the gateway reads.</summary>
    public const int MaxRequestBytes = 1024 * 1024;

    /// <summary>The event the playground's chat adds after the answer: which model served it, tokens, cost and which key paid.</summary>
    public const string PlaygroundSummaryEvent = "gateway";

    public static void MapGatewayEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1");
        api.MapGet("/models", ListModelsAsync);
        api.MapPost("/chat/completions", CompleteChatAsync);
        endpoints.MapPost("/t/{slug}/playground/chat", PlaygroundChatAsync).RequireAuthorization(TenantPolicies.Member);
    }

    private static async Task ListModelsAsync(HttpContext http, IApiTokenAuthenticator authenticator, ITenantContext tenant, GatewayModels models)
    {
        // Not a hot path: the token is checked against the database every time, so a revoked one is refused at once.
        var authentication = await authenticator.AuthenticateAsync(PresentedToken(http), http.RequestAborted);
        var caller = await EnterAsync(http, authentication, tenant, remembered: null);
        var response = caller is null ? null : await models.ListAsync(http.RequestAborted);
        if (response is not null)
        {
            await HttpChatSink.WriteJsonAsync(http, response, http.RequestAborted);
        }
    }

    private static async Task CompleteChatAsync(HttpContext http, GatewayCallers callers, ITenantContext tenant, ChatGateway gateway)
    {
        var (remembered, authentication) = await callers.AuthenticateAsync(PresentedToken(http), http.RequestAborted);
        var caller = await EnterAsync(http, authentication, tenant, remembered);
        if (caller is not null)
        {
            await RunAsync(http, gateway, caller, summarise: false);
        }
    }

    /// <summary>The playground's call: the signed-in member, the antiforgery token in the <c>RequestVerificationToken</c> header, no API token.</summary>
    private static async Task PlaygroundChatAsync(HttpContext http, IAntiforgery antiforgery, ICurrentUser currentUser, ChatGateway gateway)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            await HttpChatSink.WriteJsonAsync(http, GatewayResponse.Error(StatusCodes.Status400BadRequest,
                "The page's security token is missing or out of date. Reload the page and send your message again."), http.RequestAborted);
            return;
        }

        await RunAsync(http, gateway, new GatewayCaller(currentUser.RequiredUserId, null), summarise: true);
    }

    /// <summary>Reads the body (413 over the limit) and runs the gateway; for the playground, ends a stream with the summary event.</summary>
    private static async Task RunAsync(HttpContext http, ChatGateway gateway, GatewayCaller caller, bool summarise)
    {
        var aborted = http.RequestAborted;
        var metrics = http.RequestServices.GetRequiredService<GatewayMetrics>();
        var started = Stopwatch.GetTimestamp();
        ChatCallOutcome? outcome = null;
        try
        {
            var body = await ReadBodyAsync(http.Request, aborted);
            if (body is null)
            {
                await HttpChatSink.WriteJsonAsync(http, GatewayResponse.Error(StatusCodes.Status413PayloadTooLarge,
                    $"The request body is larger than the limit of {MaxRequestBytes / 1024 / 1024} MB."), aborted);
                return;
            }

            var sink = new HttpChatSink(http);
            outcome = await gateway.CompleteAsync(caller with { CorrelationId = http.TraceIdentifier }, body, sink, aborted);
            if (summarise && sink.IsStreaming && outcome is not null)
            {
                await sink.WriteEventAsync(SseFrames.Named(PlaygroundSummaryEvent, new
                {
                    status = outcome.Status.ToString(),
                    model = outcome.ServedModel,
                    provider = outcome.Provider,
                    prompt_tokens = outcome.PromptTokens,
                    completion_tokens = outcome.CompletionTokens,
                    cost = outcome.CostUsd,
                    cost_text = outcome.CostUsd is { } cost ? Money.Usd(cost) : null,
                    key = outcome.KeyKind == CredentialKind.Personal ? "Personal" : "Tenant shared",
                    zero_data_retention = outcome.ZeroDataRetention,
                }), aborted);
            }
        }
        catch (Exception) when (aborted.IsCancellationRequested)
        {
            // The client went away; the gateway has already ended the call's ledger row.
        }
        finally
        {
            metrics.RecordCall(outcome, http.Response.StatusCode, Stopwatch.GetElapsedTime(started));
        }
    }

    /// <summary>The bearer token of the request's Authorization header, if any.</summary>
    private static string? PresentedToken(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }

    /// <summary>The token's member, with its tenant entered; or null after answering 401 with the authenticator's reason.</summary>
    private static async Task<GatewayCaller?> EnterAsync(HttpContext http, ApiTokenAuthentication authentication, ITenantContext tenant, CachedCaller? remembered)
    {
        if (authentication.Token is not { } token)
        {
            await HttpChatSink.WriteJsonAsync(http, GatewayResponse.Error(StatusCodes.Status401Unauthorized, authentication.Message ?? "The API token was refused."),
                http.RequestAborted);
            return null;
        }

        tenant.Enter(token.TenantId, token.TenantSlug, token.Role);
        return new GatewayCaller(token.UserId, token.TokenId, Remembered: remembered);
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
}
