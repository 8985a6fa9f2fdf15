namespace OpenRouterSaaS.Infrastructure.Usage;

/// <summary>One grain of the daily usage roll-up: its table, and the keys of its rows besides the tenant and the UTC day.</summary>
internal sealed record UsageRollupGrain(string Table, string Keys)
{
    /// <summary>Per member, model and key kind: for pages narrowed to a member or a model.</summary>
    public static readonly UsageRollupGrain Calls = new("usage_rollups", "user_id, model, credential_kind");

    /// <summary>Per model and key kind: the whole tenant's days, models and key kinds, and the reconciliation.</summary>
    public static readonly UsageRollupGrain ByModel = new("usage_rollups_by_model", "model, credential_kind");

    /// <summary>Per member and key kind: the whole tenant's members.</summary>
    public static readonly UsageRollupGrain ByMember = new("usage_rollups_by_member", "user_id, credential_kind");

    public static readonly UsageRollupGrain[] All = [Calls, ByModel, ByMember];
}
