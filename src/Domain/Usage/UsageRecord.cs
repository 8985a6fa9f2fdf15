using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Credentials;

namespace OpenRouterSaaS.Domain.Usage;

/// <summary>
/// One call through the gateway, in the usage ledger: written Pending before OpenRouter is called, then completed with
/// the tokens and cost OpenRouter reported, or failed with the error. Append-only once it has ended.
/// </summary>
public sealed class UsageRecord : ITenantOwned
{
    public const int ModelMaxLength = 200;
    public const int ProviderMaxLength = 200;
    public const int GenerationIdMaxLength = 200;
    public const int ErrorCodeMaxLength = 64;
    public const int ErrorMessageMaxLength = 500;
    public const int CorrelationIdMaxLength = 64;

    /// <summary>The error code of a row the app left Pending that could not be resolved from OpenRouter's record.</summary>
    public const string UnresolvedErrorCode = "unresolved";

    private UsageRecord() { }

    public Guid Id { get; private set; }

    public Guid TenantId { get; private set; }

    public Guid UserId { get; private set; }

    public CredentialKind CredentialKind { get; private set; }

    public Guid CredentialId { get; private set; }

    /// <summary>The API token the call came with; null for the playground.</summary>
    public Guid? ApiTokenId { get; private set; }

    public string RequestedModel { get; private set; } = "";

    /// <summary>The model that actually served the call, as OpenRouter reported it.</summary>
    public string? ServedModel { get; private set; }

    public string? Provider { get; private set; }

    /// <summary>OpenRouter's generation id; unique where set.</summary>
    public string? GenerationId { get; private set; }

    public UsageStatus Status { get; private set; }

    public bool Streamed { get; private set; }

    public int PromptTokens { get; private set; }

    public int CompletionTokens { get; private set; }

    public int CachedTokens { get; private set; }

    public int ReasoningTokens { get; private set; }

    /// <summary>USD, from the response's <c>usage.cost</c>.</summary>
    public decimal? CostUsd { get; private set; }

    /// <summary>The HTTP status or failure kind that ended a failed call.</summary>
    public string? ErrorCode { get; private set; }

    /// <summary>Why a call failed, in words a person can act on.</summary>
    public string? ErrorMessage { get; private set; }

    /// <summary>Whether the call ran under zero data retention (<c>provider.zdr</c> and <c>data_collection: deny</c>).</summary>
    public bool ZeroDataRetention { get; private set; }

    /// <summary>The request's correlation id, to find its logs and traces.</summary>
    public string? CorrelationId { get; private set; }

    /// <summary>USD, from OpenRouter's generation record (<c>total_cost</c>): the authoritative cost, once reconciled.</summary>
    public decimal? GenerationCostUsd { get; private set; }

    /// <summary>When the generation record was read; null until then.</summary>
    public DateTimeOffset? ReconciledAt { get; private set; }

    /// <summary>How many times the generation record was asked for.</summary>
    public int ReconcileAttempts { get; private set; }

    /// <summary>When reconciliation should next be tried; null when there is nothing (more) to reconcile.</summary>
    public DateTimeOffset? NextReconcileAt { get; private set; }

    public long? LatencyMs { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    /// <summary>The budget reservation of a shared-key call.</summary>
    public Guid? ReservationId { get; private set; }

    public static UsageRecord Start(
        Guid tenantId, Guid userId, CredentialKind credentialKind, Guid credentialId, Guid? apiTokenId, string requestedModel,
        bool streamed, Guid? reservationId, DateTimeOffset now, bool zeroDataRetention = false, string? correlationId = null) => new()
        {
            Id = Guid.CreateVersion7(),
            TenantId = tenantId,
            UserId = userId,
            CredentialKind = credentialKind,
            CredentialId = credentialId,
            ApiTokenId = apiTokenId,
            RequestedModel = requestedModel,
            Streamed = streamed,
            ReservationId = reservationId,
            Status = UsageStatus.Pending,
            CreatedAt = now,
            ZeroDataRetention = zeroDataRetention,
            CorrelationId = correlationId is null ? null : Truncate(correlationId, CorrelationIdMaxLength),
        };

    /// <summary>Notes the generation id as soon as it is known (a stream's header), so a row left Pending by a crash can still be resolved.</summary>
    public void NoteGenerationId(string generationId)
    {
        EnsurePending();
        GenerationId = generationId;
    }

    public void Complete(
        string? servedModel, string? provider, string? generationId, int promptTokens, int completionTokens, int cachedTokens,
        int reasoningTokens, decimal? costUsd, DateTimeOffset now)
    {
        EnsurePending();
        ServedModel = servedModel;
        Provider = provider;
        GenerationId = generationId ?? GenerationId;
        PromptTokens = promptTokens;
        CompletionTokens = completionTokens;
        CachedTokens = cachedTokens;
        ReasoningTokens = reasoningTokens;
        CostUsd = costUsd;
        End(UsageStatus.Completed, now);
    }

    /// <summary>
    /// What a call that is about to fail had produced: the model and provider that served it and the usage OpenRouter
    /// reported (an error chunk or an error on the choice can come with the billed usage).
    /// </summary>
    public void NoteUsage(string? servedModel, string? provider, int promptTokens, int completionTokens, int cachedTokens, int reasoningTokens, decimal? costUsd)
    {
        EnsurePending();
        ServedModel = servedModel ?? ServedModel;
        Provider = provider ?? Provider;
        PromptTokens = promptTokens;
        CompletionTokens = completionTokens;
        CachedTokens = cachedTokens;
        ReasoningTokens = reasoningTokens;
        CostUsd = costUsd;
    }

    /// <summary>The call failed: nothing was generated, or what was is in <paramref name="generationId"/>'s record.</summary>
    public void Fail(string errorCode, DateTimeOffset now, string? errorMessage = null, string? generationId = null)
    {
        EnsurePending();
        ErrorCode = Truncate(errorCode, ErrorCodeMaxLength);
        ErrorMessage = errorMessage is null ? null : Truncate(errorMessage, ErrorMessageMaxLength);
        GenerationId = generationId ?? GenerationId;
        End(UsageStatus.Failed, now);
    }

    /// <summary>
    /// The client went away mid-call and the upstream call was cancelled. What had streamed is recorded; the cost comes
    /// from the generation record, so reconciliation is due at once when there is a generation id.
    /// </summary>
    public void Cancel(string? servedModel, string? provider, int promptTokens, int completionTokens, decimal? costUsd, DateTimeOffset now)
    {
        EnsurePending();
        ServedModel = servedModel;
        Provider = provider;
        PromptTokens = promptTokens;
        CompletionTokens = completionTokens;
        CostUsd = costUsd;
        ErrorCode = "cancelled";
        End(UsageStatus.Cancelled, now);
    }

    /// <summary>Records OpenRouter's authoritative cost beside the response's; the row's other facts stay as they were.</summary>
    public void Reconcile(decimal generationCostUsd, DateTimeOffset now)
    {
        if (Status == UsageStatus.Pending)
        {
            throw new InvalidOperationException("A call is reconciled once it has ended.");
        }

        GenerationCostUsd = generationCostUsd;
        ReconciledAt = now;
        ReconcileAttempts++;
        NextReconcileAt = null;
    }

    /// <summary>The generation record was not there yet (or could not be read): try again at <paramref name="next"/>, or give up when null.</summary>
    public void DeferReconciliation(DateTimeOffset? next)
    {
        ReconcileAttempts++;
        NextReconcileAt = next;
    }

    /// <summary>
    /// Resolves a row the app left Pending (it stopped during the call) from OpenRouter's generation record: its model,
    /// provider, tokens and total cost, which is then both the row's cost and its reconciled cost.
    /// </summary>
    /// <param name="cancelled">The record says the caller went away before the generation finished.</param>
    /// <param name="latencyMs">The call's duration by the record; without it, the time from the row's start to now.</param>
    public void ResolveFromGeneration(
        string servedModel, string? provider, int promptTokens, int completionTokens, int cachedTokens, int reasoningTokens,
        decimal totalCostUsd, bool cancelled, long? latencyMs, DateTimeOffset now)
    {
        EnsurePending();
        ServedModel = servedModel;
        Provider = provider;
        PromptTokens = promptTokens;
        CompletionTokens = completionTokens;
        CachedTokens = cachedTokens;
        ReasoningTokens = reasoningTokens;
        CostUsd = totalCostUsd;
        ErrorCode = cancelled ? "cancelled" : null;
        End(cancelled ? UsageStatus.Cancelled : UsageStatus.Completed, now);
        LatencyMs = latencyMs ?? LatencyMs;
        Reconcile(totalCostUsd, now);
    }

    /// <summary>
    /// A row the app left Pending whose outcome cannot be learnt from OpenRouter: it fails with <paramref name="reason"/>,
    /// and nothing more is tried.
    /// </summary>
    public void FailUnresolved(string reason, DateTimeOffset now)
    {
        Fail(UnresolvedErrorCode, now, reason);
        NextReconcileAt = null;
    }

    /// <summary>How far the response's cost is from OpenRouter's record, once reconciled.</summary>
    public decimal? CostDrift => GenerationCostUsd is { } billed ? billed - (CostUsd ?? 0m) : null;

    private void End(UsageStatus status, DateTimeOffset now)
    {
        Status = status;
        CompletedAt = now;
        LatencyMs = (long)(now - CreatedAt).TotalMilliseconds;
        NextReconcileAt = GenerationId is null ? null : now;
    }

    private static string Truncate(string text, int maxLength) => text.Length > maxLength ? text[..maxLength] : text;

    private void EnsurePending()
    {
        if (Status != UsageStatus.Pending)
        {
            throw new InvalidOperationException("A usage record that has ended is not changed again.");
        }
    }
}
