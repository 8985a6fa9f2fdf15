namespace OpenRouterSaaS.Infrastructure.Catalogue;

/// <summary><c>OpenRouter:CatalogueRefreshMinutes</c>: how often the model catalogue is read again; 0 turns the refresh off on this instance.</summary>
public sealed class CatalogueRefreshOptions
{
    public const string Section = "OpenRouter";

    public int CatalogueRefreshMinutes { get; set; } = 60;
}
