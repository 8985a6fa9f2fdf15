namespace OpenRouterSaaS.Domain.Audit;

/// <summary>The kinds of change the audit log records, as stored in <see cref="AuditEntry.Action"/>.</summary>
public static class AuditActions
{
    public const string ApiTokenCreated = "api_token.created";
    public const string ApiTokenRevoked = "api_token.revoked";
    public const string PersonalKeySaved = "personal_key.saved";
    public const string PersonalKeyRemoved = "personal_key.removed";
    public const string SharedKeySaved = "shared_key.saved";
    public const string SharedKeyRemoved = "shared_key.removed";
    public const string ManagementKeySaved = "management_key.saved";
    public const string ManagementKeyRemoved = "management_key.removed";
    public const string KeyChecked = "key.checked";
    public const string KeyPolicyUpdated = "key_policy.updated";
    public const string SharedKeyAccessChanged = "shared_key_access.changed";
    public const string AllowListUpdated = "allow_list.updated";
    public const string BudgetLimitsUpdated = "budget_limits.updated";
    public const string MemberBudgetLimitChanged = "member_budget_limit.changed";
    public const string ZeroDataRetentionChanged = "zero_data_retention.changed";
    public const string ActivityImported = "activity.imported";

    /// <summary>Every action, in the order the audit page offers them as a filter.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        ApiTokenCreated, ApiTokenRevoked,
        PersonalKeySaved, PersonalKeyRemoved,
        SharedKeySaved, SharedKeyRemoved, ManagementKeySaved, ManagementKeyRemoved, KeyChecked,
        KeyPolicyUpdated, SharedKeyAccessChanged, AllowListUpdated, ZeroDataRetentionChanged,
        BudgetLimitsUpdated, MemberBudgetLimitChanged,
        ActivityImported,
    ];
}
