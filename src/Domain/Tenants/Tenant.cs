using OpenRouterSaaS.Domain.Budgets;
using OpenRouterSaaS.Domain.Credentials;

namespace OpenRouterSaaS.Domain.Tenants;

/// <summary>An organisation whose people share keys, models and budgets.</summary>
public sealed class Tenant
{
    public const int NameMaxLength = 100;

    private Tenant() { }

    public Tenant(string slug, string name, DateTimeOffset createdAt)
    {
        Id = Guid.CreateVersion7();
        Slug = slug;
        Name = name.Trim();
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }

    public string Slug { get; private set; } = "";

    public string Name { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>Which key pays for members' calls.</summary>
    public KeyPolicy KeyPolicy { get; private set; }

    /// <summary>The OpenRouter account's remaining credit in USD, as last read with the management key; null without one.</summary>
    public decimal? CreditRemaining { get; private set; }

    /// <summary>When <see cref="CreditRemaining"/> was read.</summary>
    public DateTimeOffset? CreditCheckedAt { get; private set; }

    /// <summary>Shared-key spend allowed to the whole tenant per UTC month; null is unlimited.</summary>
    public decimal? MonthlyLimitUsd { get; private set; }

    /// <summary>Shared-key spend allowed to each member per UTC month unless the membership overrides it; null is unlimited.</summary>
    public decimal? MemberMonthlyLimitUsd { get; private set; }

    /// <summary>Spend, as a percentage of a limit, from which admins and the member see a warning.</summary>
    public int BudgetAlertPercent { get; private set; } = DefaultBudgetAlertPercent;

    /// <summary>The completion-token ceiling a budget estimate assumes when a request sets no <c>max_tokens</c>; null uses the app's default.</summary>
    public int? DefaultMaxTokens { get; private set; }

    /// <summary>
    /// Every call of the tenant runs under zero data retention (<c>provider: {"zdr": true, "data_collection": "deny"}</c>);
    /// members cannot switch it off.
    /// </summary>
    public bool RequiresZeroDataRetention { get; private set; }

    /// <summary>
    /// Raised by the database whenever anything a gateway call reads about the tenant changes: this row, its memberships,
    /// allow-list and keys, a token's revocation or expiry. The gateway keeps what it read and this number in memory, and
    /// the write that opens a call is refused when the number has moved on.
    /// </summary>
    public long ConfigVersion { get; private set; }

    public const int DefaultBudgetAlertPercent = 80;

    public void RequireZeroDataRetention(bool required) => RequiresZeroDataRetention = required;

    public void Rename(string name) => Name = name.Trim();

    public void SetKeyPolicy(KeyPolicy policy) => KeyPolicy = policy;

    /// <summary>
    /// Sets the shared-key limits. Months whose budgets exist already keep the limits written into their rows, so a
    /// change meant for the current month must be written there too, in the same transaction.
    /// </summary>
    public void SetBudgetLimits(decimal? monthlyLimitUsd, decimal? memberMonthlyLimitUsd, int alertPercent)
    {
        if (!BudgetLimits.IsValidLimit(monthlyLimitUsd))
        {
            throw new ArgumentOutOfRangeException(nameof(monthlyLimitUsd), monthlyLimitUsd, "Not a limit an admin may set.");
        }

        if (!BudgetLimits.IsValidLimit(memberMonthlyLimitUsd))
        {
            throw new ArgumentOutOfRangeException(nameof(memberMonthlyLimitUsd), memberMonthlyLimitUsd, "Not a limit an admin may set.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(alertPercent, BudgetLimits.MinAlertPercent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(alertPercent, BudgetLimits.MaxAlertPercent);
        MonthlyLimitUsd = monthlyLimitUsd;
        MemberMonthlyLimitUsd = memberMonthlyLimitUsd;
        BudgetAlertPercent = alertPercent;
    }

    /// <summary>Sets the completion-token ceiling estimates assume for requests without <c>max_tokens</c>; null uses the app's default.</summary>
    public void SetDefaultMaxTokens(int? maxTokens)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxTokens ?? 1, nameof(maxTokens));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxTokens ?? 1, BudgetLimits.MaxDefaultMaxTokens, nameof(maxTokens));
        DefaultMaxTokens = maxTokens;
    }

    public void RecordCredit(decimal remaining, DateTimeOffset checkedAt)
    {
        CreditRemaining = remaining;
        CreditCheckedAt = checkedAt;
    }

    /// <summary>Forgets the credit read with a management key that is gone.</summary>
    public void ForgetCredit()
    {
        CreditRemaining = null;
        CreditCheckedAt = null;
    }
}
