using System.Security.Cryptography;
using System.Text;
using OpenRouterSimulator.Accounting;

namespace OpenRouterSimulator.Keys;

/// <summary>A key as <c>/keys</c> shows it.</summary>
internal sealed record KeyData(
    string Hash,
    string Name,
    string Label,
    bool Disabled,
    decimal? Limit,
    decimal? LimitRemaining,
    string? LimitReset,
    bool IncludeByokInLimit,
    decimal Usage,
    decimal UsageDaily,
    decimal UsageWeekly,
    decimal UsageMonthly,
    decimal ByokUsage,
    decimal ByokUsageDaily,
    decimal ByokUsageWeekly,
    decimal ByokUsageMonthly,
    string CreatedAt,
    string? UpdatedAt,
    string? ExpiresAt,
    string? ExternalUser,
    string? CreatorUserId,
    string WorkspaceId)
{
    public static KeyData From(KeyView v, string accountName) => new(
        v.Hash, v.Name, v.Label, v.Disabled, v.Limit, v.LimitRemaining, v.LimitReset, v.IncludeByokInLimit,
        v.Spend.Total, v.Spend.Daily, v.Spend.Weekly, v.Spend.Monthly, 0m, 0m, 0m, 0m,
        UtcCalendar.Iso(v.CreatedAt), UtcCalendar.Iso(v.UpdatedAt), UtcCalendar.Iso(v.ExpiresAt),
        ExternalUser: null, CreatorUserId: null, WorkspaceOf(accountName));

    /// <summary>Every account has one default workspace; its id is derived from the account name.</summary>
    public static string WorkspaceOf(string accountName) =>
        new Guid(SHA256.HashData(Encoding.UTF8.GetBytes("workspace/" + accountName)).AsSpan(0, 16)).ToString();
}

internal sealed record KeyListResponse(IReadOnlyList<KeyData> Data);

internal sealed record KeyResponse(KeyData Data);

/// <summary><c>POST /keys</c> answer: the only time the secret is shown.</summary>
internal sealed record CreatedKeyResponse(KeyData Data, string Key);

internal sealed record DeletedResponse(bool Deleted);

/// <summary>The calling key, as <c>GET /key</c> shows it.</summary>
internal sealed record CurrentKeyData(
    string Label,
    decimal? Limit,
    decimal? LimitRemaining,
    string? LimitReset,
    decimal Usage,
    decimal UsageDaily,
    decimal UsageWeekly,
    decimal UsageMonthly,
    decimal ByokUsage,
    decimal ByokUsageDaily,
    decimal ByokUsageWeekly,
    decimal ByokUsageMonthly,
    bool IsFreeTier,
    bool IsManagementKey,
    bool IsProvisioningKey,
    bool IncludeByokInLimit,
    string? CreatorUserId,
    string? ExpiresAt,
    LegacyRateLimit RateLimit)
{
    public static CurrentKeyData From(KeyView v, bool isFreeTier) => new(
        v.Label, v.Limit, v.LimitRemaining, v.LimitReset, v.Spend.Total, v.Spend.Daily, v.Spend.Weekly, v.Spend.Monthly,
        0m, 0m, 0m, 0m, isFreeTier, v.IsManagement, v.IsManagement, v.IncludeByokInLimit, CreatorUserId: null,
        UtcCalendar.Iso(v.ExpiresAt), LegacyRateLimit.Deprecated);
}

internal sealed record CurrentKeyResponse(CurrentKeyData Data);

/// <summary>OpenRouter still sends this deprecated object; clients should ignore it.</summary>
internal sealed record LegacyRateLimit(int Requests, string Interval, string Note)
{
    public static readonly LegacyRateLimit Deprecated = new(-1, "10s", "This field is deprecated and safe to ignore.");
}
