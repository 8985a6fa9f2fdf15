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

    public void Rename(string name) => Name = name.Trim();
}
