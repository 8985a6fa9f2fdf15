using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OpenRouterSaaS.Application.Budgets;
using OpenRouterSaaS.Application.Common.Exceptions;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Keys;
using OpenRouterSaaS.Application.OpenRouter;
using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.Domain.Usage;

namespace OpenRouterSaaS.Application.Usage.Reconciliation;

/// <summary>
/// Reconciles one row of the current tenant's ledger with OpenRouter's generation record (<c>GET /generation</c>), read
/// with the key that made the call or, when that key is gone or refused, the tenant's management key. A found record
/// sets the row's authoritative cost and brings the budgets to it; a missing one is asked for again on the schedule.
/// A row the app left Pending (it stopped during the call) is resolved from the record, or failed with a reason.
/// </summary>
public sealed class GenerationReconciler(
    IAppDbContext db,
    ISecretProtector protector,
    IGenerationSource generations,
    IBudgetLedger budgets,
    ICallLedger ledger,
    TimeProvider clock,
    ILogger<GenerationReconciler> logger)
{
    private List<OpenRouterCredential>? _credentials;

    public const string StoppedBeforeAnswerMessage =
        "The app stopped before OpenRouter answered, so the call's outcome is unknown; nothing was charged to the budget.";

    /// <summary>Reads the current tenant's rows <paramref name="recordIds"/> in one query, for the <see cref="ReconcileAsync"/> calls that follow.</summary>
    public async Task ReadAheadAsync(IReadOnlyCollection<Guid> recordIds, CancellationToken cancellationToken = default) =>
        await db.UsageRecords.Where(row => recordIds.Contains(row.Id)).ToListAsync(cancellationToken);

    /// <summary>Reconciles the row <paramref name="recordId"/> of the current tenant once.</summary>
    public async Task<ReconciliationOutcome> ReconcileAsync(Guid recordId, ReconciliationSchedule schedule, CancellationToken cancellationToken = default)
    {
        // Already tracked when read ahead; read otherwise.
        var record = await db.UsageRecords.FindAsync([recordId], cancellationToken);
        if (record is null)
        {
            return ReconciliationOutcome.Skipped;
        }

        if (record.GenerationId is not { } generationId)
        {
            return record.Status == UsageStatus.Pending
                ? await FailAsync(record, StoppedBeforeAnswerMessage, cancellationToken)
                : await StopAsync(record, cancellationToken);
        }

        var lookup = await LookUpAsync(record, generationId, cancellationToken);
        if (lookup.Generation is { } generation)
        {
            return await ApplyAsync(record, generation, cancellationToken);
        }

        if (lookup.NoUsableKey is { } why)
        {
            logger.LogWarning("The generation {GenerationId} of ledger row {RecordId} cannot be read: {Reason}", generationId, record.Id, why);
            return record.Status == UsageStatus.Pending
                ? await FailAsync(record, $"The app stopped during the call, and OpenRouter's record of it cannot be read: {why}", cancellationToken)
                : await GiveUpAsync(record, cancellationToken);
        }

        var now = clock.GetUtcNow();
        var next = schedule.Next(record.ReconcileAttempts + 1, record.CompletedAt ?? record.CreatedAt, now);
        if (next is not null)
        {
            record.DeferReconciliation(next);
            await db.SaveChangesAsync(cancellationToken);
            return ReconciliationOutcome.Deferred;
        }

        logger.LogWarning("OpenRouter had no record of generation {GenerationId} (ledger row {RecordId}) after {Attempts} attempts; it stays unreconciled",
            generationId, record.Id, record.ReconcileAttempts + 1);
        return record.Status == UsageStatus.Pending
            ? await FailAsync(record, string.Create(CultureInfo.InvariantCulture,
                $"The app stopped during the call, and OpenRouter still had no record of generation {generationId} after {schedule.GiveUpAfter.TotalMinutes:0} minutes."),
                cancellationToken)
            : await GiveUpAsync(record, cancellationToken);
    }

    /// <summary>
    /// Asks with each usable key in turn (the call's own, then the management key) until one finds the record. A key that
    /// was replaced since the call cannot see it, which is why the management key is asked too.
    /// </summary>
    private async Task<Lookup> LookUpAsync(UsageRecord record, string generationId, CancellationToken cancellationToken)
    {
        // Read once per scope: the sweep reconciles a tenant's claimed rows in one.
        _credentials ??= await db.OpenRouterCredentials.AsNoTracking().ToListAsync(cancellationToken);
        var keys = _credentials.Where(credential => credential.Id == record.CredentialId || credential.Kind == CredentialKind.Management).ToList();
        var candidates = keys.OrderBy(credential => credential.Id == record.CredentialId ? 0 : 1).ToList();
        var problems = new List<string>();
        var askedAny = false;
        if (candidates.All(credential => credential.Id != record.CredentialId))
        {
            problems.Add($"the {record.CredentialKind.Name()} that made the call was removed");
        }

        foreach (var credential in candidates)
        {
            string key;
            try
            {
                key = protector.Reveal(credential);
            }
            catch (SecretUnreadableException)
            {
                problems.Add($"the {credential.Kind.Name()} can no longer be decrypted");
                continue;
            }

            try
            {
                var lookup = await generations.GetGenerationAsync(key, generationId, cancellationToken);
                askedAny = true;
                if (lookup.Generation is { } found)
                {
                    return new Lookup(found, null);
                }
            }
            catch (OpenRouterException failure) when (failure.Kind == OpenRouterFailureKind.InvalidKey)
            {
                problems.Add($"OpenRouter rejected the {credential.Kind.Name()}");
            }
            catch (OpenRouterException failure)
            {
                // Tried again on the schedule, as a record that is not there yet.
                logger.LogInformation("Reading generation {GenerationId} failed: {Kind} ({Status})", generationId, failure.Kind, failure.StatusCode);
                askedAny = true;
            }
        }

        if (askedAny)
        {
            return new Lookup(null, null);
        }

        if (!keys.Any(credential => credential.Kind == CredentialKind.Management))
        {
            problems.Add("the tenant has no management key");
        }

        return new Lookup(null, string.Join("; ", problems) + ".");
    }

    private async Task<ReconciliationOutcome> ApplyAsync(UsageRecord record, GenerationDetails generation, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var resolving = record.Status == UsageStatus.Pending;

        if (resolving)
        {
            long? latency = generation.LatencyMs is { } toFirst ? toFirst + (generation.GenerationTimeMs ?? 0) : null;
            record.ResolveFromGeneration(generation.Model, generation.ProviderName, generation.TokensPrompt, generation.TokensCompletion,
                generation.NativeTokensCached, generation.NativeTokensReasoning, generation.TotalCost, generation.Cancelled, latency, now);
        }
        else
        {
            record.Reconcile(generation.TotalCost, now);
        }

        // The budgets are brought to the billed cost in the same round trip, before the row says so.
        if (record.ReservationId is not null)
        {
            await ledger.SaveBilledAsync(record, generation.TotalCost);
        }
        else
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        return resolving ? ReconciliationOutcome.Resolved : ReconciliationOutcome.Reconciled;
    }

    private async Task<ReconciliationOutcome> FailAsync(UsageRecord record, string reason, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (record.ReservationId is { } reservation)
        {
            await budgets.ReleaseAsync(reservation, now, cancellationToken);
        }

        record.FailUnresolved(reason, now);
        await db.SaveChangesAsync(cancellationToken);
        return ReconciliationOutcome.Failed;
    }

    private async Task<ReconciliationOutcome> GiveUpAsync(UsageRecord record, CancellationToken cancellationToken)
    {
        record.DeferReconciliation(null);
        await db.SaveChangesAsync(cancellationToken);
        return ReconciliationOutcome.GaveUp;
    }

    /// <summary>An ended row without a generation id has nothing to reconcile (it was claimed while it was still Pending).</summary>
    private async Task<ReconciliationOutcome> StopAsync(UsageRecord record, CancellationToken cancellationToken)
    {
        if (record.NextReconcileAt is not null)
        {
            record.DeferReconciliation(null);
            await db.SaveChangesAsync(cancellationToken);
        }

        return ReconciliationOutcome.Skipped;
    }

    /// <param name="NoUsableKey">Why no key could ask OpenRouter at all; null when one did.</param>
    private sealed record Lookup(GenerationDetails? Generation, string? NoUsableKey);
}
