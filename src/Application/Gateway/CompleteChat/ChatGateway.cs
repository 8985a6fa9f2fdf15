using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using OpenRouterSaaS.Application.Budgets;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Keys.ChooseKey;
using OpenRouterSaaS.Application.Models.Access;
using OpenRouterSaaS.Application.OpenRouter;
using OpenRouterSaaS.Domain.Budgets;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.Domain.Models;
using OpenRouterSaaS.Domain.Usage;

namespace OpenRouterSaaS.Application.Gateway.CompleteChat;

/// <summary>
/// One non-streamed chat completion through the gateway, in the current tenant: the request is read, the models are
/// checked against the allow-list, a key is chosen, a shared-key call reserves budget, a Pending ledger row is written,
/// OpenRouter is called with the chosen key, and the row and reservation are settled with what OpenRouter reported.
/// </summary>
public sealed class ChatGateway(
    IAppDbContext db,
    ITenantContext tenant,
    TenantModelAccess access,
    IKeyChooser keys,
    IBudgetLedger budgets,
    IChatCompletions completions,
    TimeProvider clock)
{
    /// <summary>The largest <c>max_tokens</c> accepted; more is certainly a mistake.</summary>
    public const int MaxTokensCeiling = 1_000_000;

    public const string StreamingNotYetSupported =
        "Streaming (\"stream\": true) is not supported by this gateway yet; send the request without \"stream\" or with \"stream\": false.";

    public async Task<GatewayResponse> CompleteAsync(GatewayCaller caller, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default)
    {
        var tenantId = tenant.TenantId ?? throw new InvalidOperationException("The gateway acts in a tenant; enter one first.");
        var parsed = ChatRequest.Parse(body);
        if (parsed.Error is { } invalid)
        {
            return GatewayResponse.Error(400, invalid);
        }

        var request = parsed.Request!;
        if (request.Stream)
        {
            return GatewayResponse.Error(400, StreamingNotYetSupported);
        }

        var decision = await access.DecideAsync(request.Model, request.FallbackModels, cancellationToken);
        if (decision.Refusal is { } refusal)
        {
            return FromError(refusal.ToError());
        }

        var chosen = await keys.ChooseAsync(caller.UserId, cancellationToken);
        if (!chosen.IsSuccess)
        {
            return FromError(chosen.Error!);
        }

        var key = chosen.Value;
        var now = clock.GetUtcNow();
        Guid? reservationId = null;
        if (key.Kind == CredentialKind.Shared)
        {
            var estimate = await EstimateAsync(tenantId, request, decision, cancellationToken);
            if (estimate.Error is { } unpriced)
            {
                return GatewayResponse.Error(403, unpriced);
            }

            var reservation = await budgets.ReserveAsync(caller.UserId, estimate.Usd, now, cancellationToken);
            if (reservation.Refusal is { } exhausted)
            {
                return GatewayResponse.Error(402, exhausted.Message);
            }

            reservationId = reservation.ReservationId;
        }

        var record = UsageRecord.Start(tenantId, caller.UserId, key.Kind, key.CredentialId, caller.ApiTokenId,
            decision.Model ?? decision.FallbackModels[0], streamed: false, reservationId, now);
        db.UsageRecords.Add(record);
        await db.SaveChangesAsync(cancellationToken);

        ChatCompletionResult result;
        try
        {
            result = await completions.CompleteAsync(key.ApiKey, request.ForUpstream(decision), cancellationToken);
        }
        catch (OpenRouterException failure)
        {
            await FailAsync(record, failure.StatusCode?.ToString(CultureInfo.InvariantCulture) ?? failure.Kind.ToString());
            return FromUpstream(failure, key);
        }
        catch (Exception)
        {
            // Cancelled by the client, or something unexpected: the row must not stay Pending, nor the budget held.
            await FailAsync(record, "Aborted");
            throw;
        }

        var usage = result.Usage;
        var ended = clock.GetUtcNow();
        record.Complete(result.Model, result.Provider, result.GenerationId, usage?.PromptTokens ?? 0, usage?.CompletionTokens ?? 0,
            usage?.CachedTokens ?? 0, usage?.ReasoningTokens ?? 0, usage?.Cost, ended);
        await db.SaveChangesAsync(CancellationToken.None);
        if (reservationId is { } held)
        {
            await budgets.SettleAsync(held, usage?.Cost ?? 0m, ended, CancellationToken.None);
        }

        return new GatewayResponse(result.StatusCode, result.Body);
    }

    private async Task FailAsync(UsageRecord record, string errorCode)
    {
        var now = clock.GetUtcNow();
        record.Fail(errorCode, now);
        await db.SaveChangesAsync(CancellationToken.None);
        if (record.ReservationId is { } held)
        {
            await budgets.ReleaseAsync(held, now, CancellationToken.None);
        }
    }

    /// <summary>The most the call can cost: the prompt and <c>max_tokens</c> (or the tenant's cap) at the dearest candidate model's prices.</summary>
    private async Task<(decimal Usd, string? Error)> EstimateAsync(Guid tenantId, ChatRequest request, ModelAccessDecision decision, CancellationToken cancellationToken)
    {
        var candidates = new[] { decision.Model }.Concat(decision.FallbackModels).Concat(decision.AutoRouterAllowedModels ?? [])
            .Where(id => id is not null && !ModelId.IsAutoRouter(id))
            .Select(id => id!)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var catalogue = await access.CatalogueAsync(cancellationToken);
        var prices = candidates.Select(id => catalogue.Find(id)).Where(model => model is not null).Select(model => model!).ToList();
        var variable = prices.FirstOrDefault(model => model.Pricing.IsVariable);
        if (prices.Count == 0 || variable is not null)
        {
            var named = variable?.Id ?? decision.Model ?? "the model";
            return (0m, $"\"{named}\" has no fixed price, so a call through the tenant's shared key cannot be held to its budget.");
        }

        var dearest = new ModelPricing(
            prices.Max(model => model.PromptPrice!.Value),
            prices.Max(model => model.CompletionPrice!.Value),
            prices.Max(model => model.RequestPrice ?? 0m));
        var defaultMaxTokens = await db.Tenants.Where(row => row.Id == tenantId).Select(row => row.DefaultMaxTokens).SingleAsync(cancellationToken)
            ?? BudgetEstimate.DefaultMaxTokens;
        return (BudgetEstimate.Of(request.PromptCharacters, request.MaxTokens, dearest, defaultMaxTokens), null);
    }

    private static GatewayResponse FromError(Error error) => error.Kind switch
    {
        ErrorKind.Invalid => GatewayResponse.Error(400, error.Message),
        ErrorKind.Conflict => GatewayResponse.Error(409, error.Message),
        _ => GatewayResponse.Error(403, error.Message),
    };

    /// <summary>OpenRouter's status and message, except a 401: the stored key was refused, which is the gateway's trouble, not the client's token.</summary>
    private static GatewayResponse FromUpstream(OpenRouterException failure, ChosenKey key)
    {
        var said = failure.OpenRouterMessage ?? failure.Message;
        var whose = key.Kind == CredentialKind.Personal ? "your personal OpenRouter key" : "the tenant's shared OpenRouter key";
        return failure.StatusCode switch
        {
            401 => GatewayResponse.Error(502, $"OpenRouter rejected {whose} ({key.Mask}): {said} Save a working key and try again."),
            { } status when status >= 400 => GatewayResponse.Error(status, $"OpenRouter: {said}", failure.RetryAfter),
            _ => failure.Kind switch
            {
                OpenRouterFailureKind.Timeout => GatewayResponse.Error(408, $"OpenRouter did not answer in time: {failure.Message}"),
                _ => GatewayResponse.Error(502, $"OpenRouter could not be reached or answered something unreadable: {failure.Message}"),
            },
        };
    }
}
