using FluentValidation;
using Mediator;
using OpenRouterSaaS.Application.Common.Security;
using OpenRouterSaaS.Application.Models.Access;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Models;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.Application.Models.GetModelCatalogue;

public enum PriceFilter
{
    All,
    Free,
    Paid,
}

public enum ModelSort
{
    Name,
    PromptPrice,
    CompletionPrice,
}

/// <summary>The models the current tenant allows, searched by id or name, filtered by provider and price, sorted.</summary>
[RequireTenantRole(TenantRole.Member)]
public sealed record GetModelCatalogueQuery(string? Search = null, string? Provider = null, PriceFilter Price = PriceFilter.All, ModelSort Sort = ModelSort.Name)
    : IQuery<Result<ModelCataloguePage>>;

/// <param name="Providers">The providers of every allowed model, for the filter.</param>
/// <param name="AllowedCount">How many models the tenant allows, before the search and filters.</param>
/// <param name="RefreshedAt">When OpenRouter's list was last read successfully; null before the first time.</param>
public sealed record ModelCataloguePage(IReadOnlyList<CatalogueRow> Models, IReadOnlyList<string> Providers, int AllowedCount, DateTimeOffset? RefreshedAt);

/// <summary>One model as members see it; prices in USD per million tokens, null when not fixed.</summary>
public sealed record CatalogueRow(string Id, string Name, string Provider, int? ContextLength, decimal? PromptPerMillion, decimal? CompletionPerMillion, bool IsFree, bool IsAutoRouter);

public sealed class GetModelCatalogueValidator : AbstractValidator<GetModelCatalogueQuery>
{
    public const int SearchMaxLength = 100;

    public GetModelCatalogueValidator()
    {
        RuleFor(query => query.Search).MaximumLength(SearchMaxLength).WithMessage($"Search for at most {SearchMaxLength} characters.");
        RuleFor(query => query.Provider).MaximumLength(CatalogueModel.ProviderMaxLength).WithMessage("Choose a provider from the list.");
        RuleFor(query => query.Price).IsInEnum().WithMessage("Choose all, free or paid models.");
        RuleFor(query => query.Sort).IsInEnum().WithMessage("Sort by name, prompt price or completion price.");
    }
}

public sealed class GetModelCatalogueHandler(TenantModelAccess access) : IQueryHandler<GetModelCatalogueQuery, Result<ModelCataloguePage>>
{
    public async ValueTask<Result<ModelCataloguePage>> Handle(GetModelCatalogueQuery query, CancellationToken cancellationToken)
    {
        var catalogue = await access.CatalogueAsync(cancellationToken);
        var allowed = ModelAccessPolicy.AllowedModels(await access.RulesAsync(cancellationToken), catalogue);
        var search = query.Search?.Trim() ?? "";
        var provider = query.Provider?.Trim().ToLowerInvariant() ?? "";

        var shown = allowed
            .Where(model => search.Length == 0
                || model.Id.Contains(search, StringComparison.OrdinalIgnoreCase)
                || model.Name.Contains(search, StringComparison.OrdinalIgnoreCase))
            .Where(model => provider.Length == 0 || model.Provider == provider)
            .Where(model => query.Price switch
            {
                PriceFilter.Free => model.Pricing.IsFree,
                PriceFilter.Paid => !model.Pricing.IsFree,
                _ => true,
            });
        var rows = Sort(shown, query.Sort)
            .Select(model => new CatalogueRow(model.Id, model.Name, model.Provider, model.ContextLength,
                model.Pricing.PromptPerMillion, model.Pricing.CompletionPerMillion, model.Pricing.IsFree, model.IsAutoRouter))
            .ToList();
        var providers = allowed.Select(model => model.Provider).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        DateTimeOffset? refreshedAt = catalogue.Listed.Count == 0 ? null : catalogue.Listed.Max(model => model.LastSeenAt);
        return new ModelCataloguePage(rows, providers, allowed.Count, refreshedAt);
    }

    /// <summary>Cheapest first; models without a fixed price (the auto router) last, then by name.</summary>
    private static IEnumerable<CatalogueModel> Sort(IEnumerable<CatalogueModel> models, ModelSort sort) => sort switch
    {
        ModelSort.PromptPrice => models.OrderBy(model => model.PromptPrice is null).ThenBy(model => model.PromptPrice).ThenBy(model => model.Name, StringComparer.OrdinalIgnoreCase),
        ModelSort.CompletionPrice => models.OrderBy(model => model.CompletionPrice is null).ThenBy(model => model.CompletionPrice).ThenBy(model => model.Name, StringComparer.OrdinalIgnoreCase),
        _ => models.OrderBy(model => model.Name, StringComparer.OrdinalIgnoreCase),
    };
}
