using OpenRouterSaaS.Domain.Models;

namespace OpenRouterSaaS.Application.Models.Access;

/// <summary>The model catalogue at one moment, removed models included, looked up by id ignoring letter case.</summary>
public sealed class CatalogueSnapshot
{
    private readonly Dictionary<string, CatalogueModel> _byId = new(StringComparer.OrdinalIgnoreCase);

    public CatalogueSnapshot(IEnumerable<CatalogueModel> models)
    {
        All = [.. models.OrderBy(model => model.Id, StringComparer.Ordinal)];
        foreach (var model in All)
        {
            // Should two ids differ only in case, the listed one is the one meant.
            if (!_byId.TryGetValue(model.Id, out var seen) || (seen.IsRemoved && !model.IsRemoved))
            {
                _byId[model.Id] = model;
            }
        }

        Listed = [.. All.Where(model => !model.IsRemoved)];
    }

    public static CatalogueSnapshot Empty { get; } = new([]);

    /// <summary>Every model ever seen, by id.</summary>
    public IReadOnlyList<CatalogueModel> All { get; }

    /// <summary>The models OpenRouter lists now, by id.</summary>
    public IReadOnlyList<CatalogueModel> Listed { get; }

    public CatalogueModel? Find(string id) => _byId.GetValueOrDefault(id.Trim());
}
