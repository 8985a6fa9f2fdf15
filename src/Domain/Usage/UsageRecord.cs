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

    public long? LatencyMs { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    /// <summary>The budget reservation of a shared-key call.</summary>
    public Guid? ReservationId { get; private set; }

    public static UsageRecord Start(
        Guid tenantId, Guid userId, CredentialKind credentialKind, Guid credentialId, Guid? apiTokenId, string requestedModel,
        bool streamed, Guid? reservationId, DateTimeOffset now) => new()
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
        };

    public void Complete(
        string? servedModel, string? provider, string? generationId, int promptTokens, int completionTokens, int cachedTokens,
        int reasoningTokens, decimal? costUsd, DateTimeOffset now)
    {
        EnsurePending();
        Status = UsageStatus.Completed;
        ServedModel = servedModel;
        Provider = provider;
        GenerationId = generationId;
        PromptTokens = promptTokens;
        CompletionTokens = completionTokens;
        CachedTokens = cachedTokens;
        ReasoningTokens = reasoningTokens;
        CostUsd = costUsd;
        CompletedAt = now;
        LatencyMs = (long)(now - CreatedAt).TotalMilliseconds;
    }

    public void Fail(string errorCode, DateTimeOffset now)
    {
        EnsurePending();
        Status = UsageStatus.Failed;
        ErrorCode = errorCode.Length > ErrorCodeMaxLength ? errorCode[..ErrorCodeMaxLength] : errorCode;
        CompletedAt = now;
        LatencyMs = (long)(now - CreatedAt).TotalMilliseconds;
    }

    private void EnsurePending()
    {
        if (Status != UsageStatus.Pending)
        {
            throw new InvalidOperationException("A usage record that has ended is not changed again.");
        }
    }
}
