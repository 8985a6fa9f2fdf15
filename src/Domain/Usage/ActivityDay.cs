using OpenRouterSaaS.Domain.Common;

namespace OpenRouterSaaS.Domain.Usage;

/// <summary>
/// OpenRouter's own figures for one model on one UTC day, imported from <c>/activity</c> with the tenant's management key,
/// kept beside the ledger so that drift between the two is visible. Re-importing a day replaces its figures.
/// </summary>
public sealed class ActivityDay : ITenantOwned
{
    public const int ModelMaxLength = UsageRecord.ModelMaxLength;

    private ActivityDay() { }

    public ActivityDay(Guid tenantId, DateOnly date, string model, DateTimeOffset importedAt)
    {
        Id = Guid.CreateVersion7();
        TenantId = tenantId;
        Date = date;
        Model = model;
        ImportedAt = importedAt;
    }

    public Guid Id { get; private set; }

    public Guid TenantId { get; private set; }

    /// <summary>The UTC day.</summary>
    public DateOnly Date { get; private set; }

    public string Model { get; private set; } = "";

    /// <summary>USD OpenRouter charged for the model that day.</summary>
    public decimal UsageUsd { get; private set; }

    public int Requests { get; private set; }

    public long PromptTokens { get; private set; }

    public long CompletionTokens { get; private set; }

    public long ReasoningTokens { get; private set; }

    public DateTimeOffset ImportedAt { get; private set; }

    public void Record(decimal usageUsd, int requests, long promptTokens, long completionTokens, long reasoningTokens, DateTimeOffset importedAt)
    {
        UsageUsd = usageUsd;
        Requests = requests;
        PromptTokens = promptTokens;
        CompletionTokens = completionTokens;
        ReasoningTokens = reasoningTokens;
        ImportedAt = importedAt;
    }
}
