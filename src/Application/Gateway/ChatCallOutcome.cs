using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.Domain.Usage;

namespace OpenRouterSaaS.Application.Gateway;

/// <summary>How one call through the gateway ended, as its ledger row says: what the playground shows after an answer.</summary>
/// <param name="CostUsd">What OpenRouter charged: the response's <c>usage.cost</c>, or the generation record's cost of a cancelled call.</param>
public sealed record ChatCallOutcome(
    UsageStatus Status,
    CredentialKind KeyKind,
    string? ServedModel,
    string? Provider,
    int PromptTokens,
    int CompletionTokens,
    decimal? CostUsd,
    bool ZeroDataRetention,
    string? ErrorMessage,
    string? ErrorCode,
    string RequestedModel,
    bool Streamed)
{
    public static ChatCallOutcome Of(UsageRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new(record.Status, record.CredentialKind, record.ServedModel, record.Provider, record.PromptTokens, record.CompletionTokens,
            record.CostUsd ?? record.GenerationCostUsd, record.ZeroDataRetention, record.ErrorMessage, record.ErrorCode, record.RequestedModel,
            record.Streamed);
    }
}
