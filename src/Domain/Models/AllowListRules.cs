namespace OpenRouterSaaS.Domain.Models;

/// <summary>
/// What a tenant allows, in the form the access decision reads: the mode, allow and deny patterns, and
/// price ceilings in USD per million tokens (null: no ceiling). The deny list wins over everything else.
/// </summary>
public sealed record AllowListRules(
    ModelAccessMode Mode,
    IReadOnlyList<ModelPattern> Allow,
    IReadOnlyList<ModelPattern> Deny,
    decimal? MaxPromptPricePerMillion,
    decimal? MaxCompletionPricePerMillion);
