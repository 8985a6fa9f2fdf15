using OpenRouterSaaS.Application.Budgets;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Gateway.Telemetry;
using OpenRouterSaaS.Application.Keys.ChooseKey;
using OpenRouterSaaS.Application.OpenRouter;
using OpenRouterSaaS.Application.Usage;
using OpenRouterSaaS.Domain.Usage;

namespace OpenRouterSaaS.Application.Gateway.CompleteChat;

/// <summary>
/// One call's Pending ledger row and budget reservation, and the ways they end: completed and settled at the real cost,
/// failed and released (or settled with what was billed), or cancelled and settled from OpenRouter's generation record.
/// Every write uses <see cref="CancellationToken.None"/>: a client that went away must not leave the ledger half-written.
/// </summary>
internal sealed class PendingCall(
    IAppDbContext db, ICallLedger ledger, IBudgetLedger budgets, IGenerationSource generations, TimeProvider clock, UsageRecord record, ChosenKey key)
{
    /// <summary>
    /// When to look for a cancelled call's generation record: at once, then twice more shortly after (OpenRouter, or the
    /// simulator, writes it when it notices the call ended). If it is still missing, reconciliation settles the call later.
    /// </summary>
    private static readonly TimeSpan[] GenerationLookups = [TimeSpan.Zero, TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(750)];

    private static readonly TimeSpan GenerationLookupTimeout = TimeSpan.FromSeconds(3);

    public UsageRecord Record => record;

    public ChosenKey Key => key;

    public bool HasEnded => record.Status != UsageStatus.Pending;

    /// <summary>Notes the generation id from the stream's header, so a row left Pending by a crash can still be resolved.</summary>
    public async Task NoteGenerationIdAsync(string generationId)
    {
        record.NoteGenerationId(generationId);
        await db.SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>The row completes and the reservation is settled at the reported cost, in one round trip.</summary>
    public async Task CompleteAsync(string? servedModel, string? provider, string? generationId, ChatUsage? usage)
    {
        record.Complete(servedModel, provider, generationId, usage?.PromptTokens ?? 0, usage?.CompletionTokens ?? 0,
            usage?.CachedTokens ?? 0, usage?.ReasoningTokens ?? 0, usage?.Cost, clock.GetUtcNow());
        await ledger.CloseAsync(record, usage?.Cost ?? 0m);
    }

    /// <summary>Fails the row with what is known; the reservation is settled with the billed cost when OpenRouter reported one, else released.</summary>
    public async Task FailAsync(string errorCode, string errorMessage, string? servedModel = null, string? provider = null, string? generationId = null, ChatUsage? usage = null)
    {
        if (servedModel is not null || provider is not null || usage is not null)
        {
            record.NoteUsage(servedModel, provider, usage?.PromptTokens ?? 0, usage?.CompletionTokens ?? 0, usage?.CachedTokens ?? 0,
                usage?.ReasoningTokens ?? 0, usage?.Cost);
        }

        record.Fail(errorCode, clock.GetUtcNow(), errorMessage, generationId);
        await ledger.CloseAsync(record, usage?.Cost);
    }

    public Task FailAsync(OpenRouterException failure, string errorMessage, ChatStreamSummary? seen = null) =>
        FailAsync(UpstreamFailures.CodeOf(failure), errorMessage, seen?.Model, seen?.Provider, seen?.GenerationId, seen?.Usage);

    /// <summary>
    /// The client went away and the upstream call was cancelled: the row becomes Cancelled with what had streamed. Its cost
    /// is OpenRouter's generation record, looked for briefly; found, the row is reconciled and the reservation settled with it.
    /// Not yet there, the reservation stays held for reconciliation to settle. Without a generation id there is nothing to
    /// look for and nothing known to be billed: the reservation is released.
    /// </summary>
    public async Task CancelAsync(ChatStreamSummary? seen)
    {
        var now = clock.GetUtcNow();
        if (record.GenerationId is null && seen?.GenerationId is { } id)
        {
            record.NoteGenerationId(id);
        }

        var usage = seen?.Usage;
        record.Cancel(seen?.Model, seen?.Provider, usage?.PromptTokens ?? 0, usage?.CompletionTokens ?? 0, usage?.Cost, now);
        await db.SaveChangesAsync(CancellationToken.None);
        if (record.GenerationId is not { } generationId)
        {
            await ReleaseAsync(now);
            return;
        }

        if (await LookUpGenerationAsync(generationId) is { } generation)
        {
            var reconciledAt = clock.GetUtcNow();
            record.Reconcile(generation.TotalCost, reconciledAt);
            await db.SaveChangesAsync(CancellationToken.None);
            await SettleAsync(generation.TotalCost, reconciledAt);
        }
    }

    /// <summary>
    /// The last resort when the gateway itself failed: a row still Pending is failed and its reservation released, so neither
    /// is left behind. Returns false when even that could not be saved (the caller logs it; the stale-Pending sweeper will act).
    /// </summary>
    public async Task<bool> EnsureEndedAsync()
    {
        if (HasEnded)
        {
            return true;
        }

        try
        {
            await FailAsync(GatewayMetrics.GatewayErrorCode, "The gateway failed while handling the call.");
            return true;
        }
        catch (Exception)
        {
            // The original failure is what the caller reports; this one must not hide it.
            return false;
        }
    }

    private async Task<GenerationDetails?> LookUpGenerationAsync(string generationId)
    {
        using var deadline = new CancellationTokenSource(GenerationLookupTimeout, clock);
        try
        {
            foreach (var wait in GenerationLookups)
            {
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, clock, deadline.Token);
                }

                var lookup = await generations.GetGenerationAsync(key.ApiKey, generationId, deadline.Token);
                if (lookup.Generation is { } generation)
                {
                    return generation;
                }
            }
        }
        catch (Exception failure) when (failure is OpenRouterException or OperationCanceledException)
        {
            // Not readable now: reconciliation tries again later.
        }

        return null;
    }

    private async Task SettleAsync(decimal costUsd, DateTimeOffset now)
    {
        if (record.ReservationId is { } held)
        {
            await budgets.SettleAsync(held, costUsd, now, CancellationToken.None);
        }
    }

    private async Task ReleaseAsync(DateTimeOffset now)
    {
        if (record.ReservationId is { } held)
        {
            await budgets.ReleaseAsync(held, now, CancellationToken.None);
        }
    }
}
