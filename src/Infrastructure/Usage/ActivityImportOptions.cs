namespace OpenRouterSaaS.Infrastructure.Usage;

/// <summary>How often OpenRouter's activity is imported for the tenants with a management key: configuration section <c>ActivityImport</c>.</summary>
public sealed class ActivityImportOptions
{
    public const string Section = "ActivityImport";

    /// <summary>Time between two imports of every such tenant; zero or less turns the import off on this instance.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromDays(1);
}
