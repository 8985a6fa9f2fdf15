using System.Text.RegularExpressions;
using OpenRouterSaaS.Domain.ApiTokens;
using OpenRouterSaaS.Domain.Common;

namespace OpenRouterSaaS.Domain.Audit;

/// <summary>
/// One change to a tenant's keys, tokens, policy or allow-list: who made it, when, what and to which thing.
/// Never holds a secret: an entry whose text looks like a token or an OpenRouter key is refused.
/// </summary>
public sealed partial class AuditEntry : ITenantOwned
{
    public const int ActionMaxLength = 64;
    public const int TargetTypeMaxLength = 64;
    public const int SummaryMaxLength = 500;

    private AuditEntry() { }

    /// <param name="actorUserId">The person who made the change, or null when the system did.</param>
    /// <param name="details">A JSON object with the facts that do not fit the summary, or null.</param>
    public AuditEntry(Guid tenantId, Guid? actorUserId, string action, string targetType, Guid? targetId, string summary, string? details, DateTimeOffset occurredAt)
    {
        if (string.IsNullOrWhiteSpace(action) || action.Length > ActionMaxLength)
        {
            throw new ArgumentException($"An audit action is 1 to {ActionMaxLength} characters long.", nameof(action));
        }

        if (LooksSecret(summary) || LooksSecret(details))
        {
            // The message must not repeat what was refused.
            throw new ArgumentException("An audit entry must never hold a token or a key; refused.", nameof(summary));
        }

        Id = Guid.CreateVersion7();
        TenantId = tenantId;
        ActorUserId = actorUserId;
        Action = action;
        TargetType = targetType;
        TargetId = targetId;
        Summary = summary.Length > SummaryMaxLength ? summary[..(SummaryMaxLength - 1)] + "…" : summary;
        Details = details;
        OccurredAt = occurredAt;
    }

    public Guid Id { get; private set; }

    public Guid TenantId { get; private set; }

    public Guid? ActorUserId { get; private set; }

    /// <summary>One of <see cref="AuditActions"/>.</summary>
    public string Action { get; private set; } = "";

    /// <summary>What kind of thing changed, such as <c>api_token</c>.</summary>
    public string TargetType { get; private set; } = "";

    public Guid? TargetId { get; private set; }

    /// <summary>A short sentence a person reads in the audit log.</summary>
    public string Summary { get; private set; } = "";

    /// <summary>A JSON object (stored as jsonb) with further facts, or null.</summary>
    public string? Details { get; private set; }

    public DateTimeOffset OccurredAt { get; private set; }

    /// <summary>Text that contains a personal API token or an OpenRouter key. A mask such as <c>sk-or-v1-…a1b2</c> is fine.</summary>
    public static bool LooksSecret(string? text) =>
        text is not null && (ApiTokenFormat.AppearsIn(text) || OpenRouterKey().IsMatch(text));

    [GeneratedRegex("sk-or-[A-Za-z0-9_-]{20,}", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex OpenRouterKey();
}
