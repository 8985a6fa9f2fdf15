using OpenRouterSaaS.Domain.Common;

namespace OpenRouterSaaS.Domain.Models;

/// <summary>
/// A tenant's choice of models: one per tenant. A tenant without a stored allow-list is treated as having
/// <see cref="CreateDefault">the default</see>, which is also stored when the tenant is created.
/// </summary>
public sealed class ModelAllowList : ITenantOwned
{
    public const int MaxPatterns = 100;

    /// <summary>A ceiling above this many USD per million tokens is taken for a typo; the dearest models cost well under it.</summary>
    public const decimal MaxCeilingPerMillion = 1000m;

    /// <summary>
    /// The safe default: only free models, and ceilings that keep the first provider an admin opens up to the
    /// inexpensive tier until the admin raises or clears them on purpose.
    /// </summary>
    public static readonly IReadOnlyList<string> DefaultAllowPatterns = ["*:free"];

    public const decimal DefaultMaxPromptPricePerMillion = 1m;

    public const decimal DefaultMaxCompletionPricePerMillion = 4m;

    private List<string> _allowPatterns = [];
    private List<string> _denyPatterns = [];

    private ModelAllowList() { }

    private ModelAllowList(Guid tenantId, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7();
        TenantId = tenantId;
        Mode = ModelAccessMode.AllowListed;
        _allowPatterns = [.. DefaultAllowPatterns];
        MaxPromptPricePerMillion = DefaultMaxPromptPricePerMillion;
        MaxCompletionPricePerMillion = DefaultMaxCompletionPricePerMillion;
        UpdatedAt = now;
    }

    public Guid Id { get; private set; }

    public Guid TenantId { get; private set; }

    public ModelAccessMode Mode { get; private set; }

    /// <summary>Model ids and globs, lowercase, each checked by <see cref="ModelPattern"/> when saved.</summary>
    public IReadOnlyList<string> AllowPatterns => _allowPatterns;

    public IReadOnlyList<string> DenyPatterns => _denyPatterns;

    /// <summary>USD per million prompt tokens; null means no ceiling.</summary>
    public decimal? MaxPromptPricePerMillion { get; private set; }

    /// <summary>USD per million completion tokens; null means no ceiling.</summary>
    public decimal? MaxCompletionPricePerMillion { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Who saved it last; null for the default stored when the tenant was created.</summary>
    public Guid? UpdatedByUserId { get; private set; }

    public static ModelAllowList CreateDefault(Guid tenantId, DateTimeOffset now) => new(tenantId, now);

    public AllowListRules Rules => new(
        Mode,
        [.. _allowPatterns.Select(ModelPattern.Parse)],
        [.. _denyPatterns.Select(ModelPattern.Parse)],
        MaxPromptPricePerMillion,
        MaxCompletionPricePerMillion);

    /// <summary>Replaces the whole allow-list with <paramref name="rules"/>; duplicate patterns are kept once.</summary>
    public void Change(AllowListRules rules, Guid changedByUserId, DateTimeOffset now)
    {
        if (rules.Allow.Count > MaxPatterns || rules.Deny.Count > MaxPatterns)
        {
            throw new ArgumentException($"An allow-list holds at most {MaxPatterns} patterns per list.", nameof(rules));
        }

        Mode = rules.Mode;
        _allowPatterns = [.. rules.Allow.Select(pattern => pattern.Value).Distinct(StringComparer.Ordinal)];
        _denyPatterns = [.. rules.Deny.Select(pattern => pattern.Value).Distinct(StringComparer.Ordinal)];
        MaxPromptPricePerMillion = rules.MaxPromptPricePerMillion;
        MaxCompletionPricePerMillion = rules.MaxCompletionPricePerMillion;
        UpdatedByUserId = changedByUserId;
        UpdatedAt = now;
    }
}
