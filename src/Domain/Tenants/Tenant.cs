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

    public void Rename(string name) => Name = name.Trim();

    public void SetKeyPolicy(KeyPolicy policy) => KeyPolicy = policy;

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
