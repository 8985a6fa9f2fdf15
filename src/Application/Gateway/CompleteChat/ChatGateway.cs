using System.Buffers;
using Microsoft.Extensions.Logging;
using OpenRouterSaaS.Application.Budgets;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Gateway.Callers;
using OpenRouterSaaS.Application.Keys.ChooseKey;
using OpenRouterSaaS.Application.Models.Access;
using OpenRouterSaaS.Application.OpenRouter;
using OpenRouterSaaS.Application.Usage;
using OpenRouterSaaS.Domain.Budgets;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.Domain.Models;
using OpenRouterSaaS.Domain.Usage;

namespace OpenRouterSaaS.Application.Gateway.CompleteChat;

/// <summary>
/// One chat completion through the gateway, in the current tenant, for the API and the playground alike: the request is
/// read, the models are checked against the allow-list, the tenant's privacy rule is applied, a key is chosen, a
/// shared-key call reserves budget, a Pending ledger row is written, and OpenRouter is called with the chosen key. The
/// answer goes to an <see cref="IChatResponseSink"/>, in one body or as events passed on as they arrive; the row and the
/// reservation are then settled with what OpenRouter reported.
/// </summary>
public sealed class ChatGateway(
    IAppDbContext db,
    ITenantContext tenant,
    GatewayCallers callers,
    TenantModelAccess access,
    IKeyChooser keys,
    ICallLedger ledger,
    IBudgetLedger budgets,
    IChatCompletions completions,
    IGenerationSource generations,
    TimeProvider clock,
    ILogger<ChatGateway> logger)
{
    /// <summary>The largest <c>max_tokens</c> accepted; more is certainly a mistake.</summary>
    public const int MaxTokensCeiling = 1_000_000;

    /// <summary>How many times one call reads its caller's context: remembered first, then fresh while the settings change under it.</summary>
    private const int ContextReads = 3;

    /// <summary>
    /// Runs one call and writes its answer to <paramref name="sink"/>. <paramref name="cancellationToken"/> is the client's:
    /// when it goes away the upstream call is cancelled and the row becomes Cancelled. Returns how the call ended, or null
    /// when it was refused before a ledger row was written.
    /// </summary>
    public async Task<ChatCallOutcome?> CompleteAsync(GatewayCaller caller, ReadOnlyMemory<byte> body, IChatResponseSink sink, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(sink);
        _ = tenant.TenantId ?? throw new InvalidOperationException("The gateway acts in a tenant; enter one first.");
        var parsed = ChatRequest.Parse(body);
        var (pending, refusal) = parsed.Error is { } invalid
            ? (null, GatewayResponse.Error(400, invalid))
            : await OpenAsync(caller, parsed.Request!, cancellationToken);
        if (pending is null)
        {
            await sink.RespondAsync(refusal!, cancellationToken);
            return null;
        }

        try
        {
            var prepared = pending.Prepared;
            var upstream = prepared.Request.ForUpstream(prepared.Decision, prepared.ZeroDataRetention);
            if (prepared.Request.Stream)
            {
                await AnswerAsStreamAsync(pending.Call, upstream, sink, cancellationToken);
            }
            else
            {
                await AnswerInOneBodyAsync(pending.Call, upstream, sink, cancellationToken);
            }
        }
        finally
        {
            if (!await pending.Call.EnsureEndedAsync())
            {
                logger.LogError("The ledger row {UsageRecordId} could not be ended after the gateway failed; it stays Pending for the sweeper.", pending.Call.Record.Id);
            }
        }

        return ChatCallOutcome.Of(pending.Call.Record);
    }

    /// <summary>
    /// Decides the call and opens it (the budget reservation and the Pending row). An API caller's remembered context is
    /// tried first; a refusal decided from memory, or a write that finds the tenant's settings moved on, reads it again.
    /// </summary>
    private async Task<(OpenedCall? Call, GatewayResponse? Refusal)> OpenAsync(GatewayCaller caller, ChatRequest request, CancellationToken cancellationToken)
    {
        for (var read = 1; ; read++)
        {
            var (context, unauthorised) = await callers.ContextAsync(caller, fresh: read > 1, cancellationToken);
            if (context is null)
            {
                return (null, unauthorised);
            }

            var (prepared, refusal) = await PrepareAsync(request, context, cancellationToken);
            if (prepared is not null)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (pending, exhausted) = await WriteAsync(caller, prepared, context.ConfigVersion);
                if (pending is not null || exhausted is not null)
                {
                    return (pending, exhausted);
                }
            }
            else if (!context.FromMemory)
            {
                return (null, refusal);
            }

            if (read == ContextReads)
            {
                return (null, GatewayResponse.Error(503, "The tenant's settings kept changing while the call was being prepared. Send it again.", TimeSpan.FromSeconds(1)));
            }
        }
    }

    /// <summary>Everything decided before anything is written: the models, the privacy rule, the key, the estimate.</summary>
    private async Task<(PreparedCall? Call, GatewayResponse? Refusal)> PrepareAsync(ChatRequest request, CallerContext context, CancellationToken cancellationToken)
    {
        var catalogue = await access.CatalogueAsync(cancellationToken);
        var decision = ModelAccessPolicy.Decide(context.Rules, catalogue, request.Model, request.FallbackModels);
        if (decision.Refusal is { } refusal)
        {
            return (null, GatewayResponse.Of(refusal.ToError()));
        }

        if (context.RequiresZeroDataRetention && request.Retention.RefusesIt)
        {
            return (null, GatewayResponse.Error(403,
                $"This tenant requires zero data retention for every call (its privacy rule, set by an admin at /t/{tenant.Slug}/admin/privacy), "
                + "so a request cannot switch it off with \"provider.zdr\": false or \"provider.data_collection\": \"allow\". Remove those fields and try again."));
        }

        var chosen = keys.Choose(context.Keys);
        if (!chosen.IsSuccess)
        {
            return (null, GatewayResponse.Of(chosen.Error!));
        }

        var estimate = 0m;
        if (chosen.Value.Kind == CredentialKind.Shared)
        {
            var priced = Estimate(request, decision, catalogue, context.DefaultMaxTokens ?? BudgetEstimate.DefaultMaxTokens);
            if (priced.Error is { } unpriced)
            {
                return (null, GatewayResponse.Error(403, unpriced));
            }

            estimate = priced.Usd;
        }

        var zeroDataRetention = context.RequiresZeroDataRetention || request.Retention.AsksForIt;
        return (new PreparedCall(request, decision, chosen.Value, zeroDataRetention, estimate), null);
    }

    /// <summary>
    /// Reserves budget for a shared-key call and writes the Pending row, in one round trip. Refused with 402 naming the
    /// budget when it does not fit; both null when the tenant's settings moved past <paramref name="configVersion"/>.
    /// </summary>
    private async Task<(OpenedCall? Call, GatewayResponse? Refusal)> WriteAsync(GatewayCaller caller, PreparedCall prepared, long configVersion)
    {
        var now = clock.GetUtcNow();
        var shared = prepared.Key.Kind == CredentialKind.Shared;
        var record = UsageRecord.Start(tenant.TenantId!.Value, caller.UserId, prepared.Key.Kind, prepared.Key.CredentialId, caller.ApiTokenId,
            prepared.Decision.Model ?? prepared.Decision.FallbackModels[0], prepared.Request.Stream, shared ? Guid.CreateVersion7() : null, now,
            prepared.ZeroDataRetention, caller.CorrelationId);
        CallOpening opening;
        try
        {
            opening = await ledger.OpenAsync(record, shared ? prepared.EstimateUsd : null, configVersion);
        }
        catch (Exception)
        {
            if (record.ReservationId is { } held)
            {
                await budgets.ReleaseAsync(held, clock.GetUtcNow(), CancellationToken.None);
            }

            throw;
        }

        if (opening.Refusal is { } exhausted)
        {
            return (null, GatewayResponse.Error(402, exhausted.Message));
        }

        return opening.Opened
            ? (new OpenedCall(prepared, new PendingCall(db, ledger, budgets, generations, clock, record, prepared.Key)), null)
            : (null, null);
    }

    /// <summary>
    /// Calls OpenRouter; null when the client went away first (the row is then Cancelled) or OpenRouter refused the call
    /// before answering (the error has then been sent and the row failed).
    /// </summary>
    private async Task<T?> StartAsync<T>(PendingCall call, Func<Task<T>> start, IChatResponseSink sink, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return await start();
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            await call.CancelAsync(null);
            return null;
        }
        catch (OpenRouterException failure)
        {
            await FailBeforeAnswerAsync(call, failure, sink, cancellationToken);
            return null;
        }
    }

    /// <summary>A completion in one body, forwarded as OpenRouter sent it once the row is settled.</summary>
    private async Task AnswerInOneBodyAsync(PendingCall call, byte[] upstream, IChatResponseSink sink, CancellationToken cancellationToken)
    {
        if (await StartAsync(call, () => completions.CompleteAsync(call.Key.ApiKey, upstream, cancellationToken), sink, cancellationToken)
            is not { } result)
        {
            return;
        }

        if (result.Failure is { } failed)
        {
            // OpenRouter answered 200 with the error on the choice: the client gets that answer as it is; the ledger says it failed.
            await call.FailAsync(failed, UpstreamFailures.MidStream(failed).Message,
                new ChatStreamSummary(result.GenerationId, result.Model, result.Provider, result.Usage, failed, Completed: false));
        }
        else
        {
            await call.CompleteAsync(result.Model, result.Provider, result.GenerationId, result.Usage);
        }

        await sink.RespondAsync(new GatewayResponse(result.StatusCode, result.Body), cancellationToken);
    }

    /// <summary>
    /// A streamed completion: each event is passed on and flushed as it arrives. A failure before the stream began is a JSON
    /// error with its status; after, the error is sent as an event in OpenRouter's mid-stream shape and the stream ends.
    /// </summary>
    private async Task AnswerAsStreamAsync(PendingCall call, byte[] upstream, IChatResponseSink sink, CancellationToken cancellationToken)
    {
        if (await StartAsync(call, () => completions.StreamAsync(call.Key.ApiKey, upstream, cancellationToken), sink, cancellationToken)
            is not { } stream)
        {
            return;
        }

        ChatStreamSummary? ended = null;
        OpenRouterException? failed = null;
        var cancelled = false;
        // The generation id is saved while the first events go out, not before: the client waits for neither the other.
        var noting = stream.GenerationId is { } generationId ? call.NoteGenerationIdAsync(generationId) : Task.CompletedTask;
        try
        {
            await sink.StartStreamAsync(cancellationToken);
            var frame = new ArrayBufferWriter<byte>(1024);
            await foreach (var item in stream.ReadEventsAsync(cancellationToken))
            {
                frame.ResetWrittenCount();
                if (item.Kind == ChatStreamEventKind.KeepAlive)
                {
                    SseFrames.WriteComment(frame, item.Data.Span);
                }
                else
                {
                    SseFrames.WriteData(frame, item.Data.Span);
                }

                await sink.WriteEventAsync(frame.WrittenMemory, cancellationToken);
            }

            await sink.WriteEventAsync(SseFrames.Done, cancellationToken);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            cancelled = true;
        }
        catch (OpenRouterException failure)
        {
            failed = failure;
        }
        finally
        {
            // Closing the upstream connection cancels a generation still running; its record then says what it cost.
            ended = stream.Summary;
            await stream.DisposeAsync();
            await NotedAsync(noting, call);
        }

        if (cancelled)
        {
            await call.CancelAsync(ended);
        }
        else if (failed is not null)
        {
            var (code, message) = UpstreamFailures.MidStream(failed);
            await call.FailAsync(failed, message, ended);
            if (failed.Kind != OpenRouterFailureKind.StreamError)
            {
                // OpenRouter's own error chunk was passed on already; a cut or a silence gets one of ours, so the client knows.
                await sink.WriteEventAsync(ErrorEvent(code, message), cancellationToken);
            }
        }
        else
        {
            await call.CompleteAsync(ended.Model, ended.Provider, ended.GenerationId, ended.Usage);
        }
    }

    /// <summary>Waits for the generation id's save; a failure is logged, as the row's final write records the id anyway.</summary>
    private async Task NotedAsync(Task noting, PendingCall call)
    {
        try
        {
            await noting;
        }
        catch (Exception failure)
        {
            logger.LogWarning(failure, "The generation id of ledger row {UsageRecordId} could not be saved early; the row's final write records it.", call.Record.Id);
        }
    }

    /// <summary>OpenRouter refused or failed before any of the answer was sent: the row fails and the client gets a JSON error naming why.</summary>
    private async Task FailBeforeAnswerAsync(PendingCall call, OpenRouterException failure, IChatResponseSink sink, CancellationToken cancellationToken)
    {
        var (status, message, retryAfter) = UpstreamFailures.BeforeAnswer(failure, call.Key, tenant.Slug!);
        await call.FailAsync(failure, message);
        await sink.RespondAsync(GatewayResponse.Error(status, message, retryAfter), cancellationToken);
    }

    /// <summary>The most the call can cost: the prompt and <c>max_tokens</c> (or the tenant's cap) at the dearest candidate model's prices.</summary>
    private static (decimal Usd, string? Error) Estimate(ChatRequest request, ModelAccessDecision decision, CatalogueSnapshot catalogue, int defaultMaxTokens)
    {
        var candidates = new[] { decision.Model }.Concat(decision.FallbackModels).Concat(decision.AutoRouterAllowedModels ?? [])
            .Where(id => id is not null && !ModelId.IsAutoRouter(id))
            .Select(id => id!)
            .Distinct(StringComparer.Ordinal)
            .ToList();
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
        return (BudgetEstimate.Of(request.PromptCharacters, request.MaxTokens, dearest, defaultMaxTokens), null);
    }

    /// <summary>An error event in OpenRouter's mid-stream shape: a top-level <c>error</c> and a choice that finished with <c>error</c>.</summary>
    private static byte[] ErrorEvent(int code, string message)
    {
        var frame = new ArrayBufferWriter<byte>();
        SseFrames.WriteData(frame, System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new
        {
            error = new { code, message },
            choices = new[] { new { index = 0, delta = new { content = "" }, finish_reason = "error" } },
        }));
        return frame.WrittenSpan.ToArray();
    }

    /// <summary>A call that passed every check: what to send, with which key, under which privacy rule, holding how much budget.</summary>
    private sealed record PreparedCall(ChatRequest Request, ModelAccessDecision Decision, ChosenKey Key, bool ZeroDataRetention, decimal EstimateUsd);

    /// <summary>A prepared call whose Pending row is written.</summary>
    private sealed record OpenedCall(PreparedCall Prepared, PendingCall Call);
}
