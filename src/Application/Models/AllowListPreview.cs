using OpenRouterSaaS.Application.Models.Access;
using OpenRouterSaaS.Domain.Models;

namespace OpenRouterSaaS.Application.Models;

/// <summary>
/// Exactly which catalogue models an allow-list lets in now and which it keeps out (with the reason), counts
/// per provider, warnings (patterns that match nothing) and the problems that would stop it from being saved.
/// </summary>
public sealed record AllowListPreview(
    IReadOnlyList<PreviewModel> Allowed,
    IReadOnlyList<PreviewModel> Refused,
    IReadOnlyList<ProviderCount> Providers,
    int CatalogueCount,
    IReadOnlyList<string> Warnings,
    IReadOnlyDictionary<string, string[]> Problems)
{
    /// <summary>Builds the preview of <paramref name="rules"/> against <paramref name="catalogue"/>.</summary>
    public static AllowListPreview Of(AllowListRules rules, CatalogueSnapshot catalogue, IReadOnlyDictionary<string, string[]>? problems = null)
    {
        var verdicts = ModelAccessPolicy.EvaluateAll(rules, catalogue);
        var providers = verdicts
            .GroupBy(verdict => verdict.Model.Provider, StringComparer.Ordinal)
            .OrderBy(group => group.Key, StringComparer.Ordinal)
            .Select(group => new ProviderCount(group.Key, group.Count(verdict => verdict.IsAllowed), group.Count()))
            .ToList();
        return new AllowListPreview(
            [.. verdicts.Where(verdict => verdict.IsAllowed).Select(verdict => PreviewModel.Of(verdict, verdict.AllowedBy!))],
            [.. verdicts.Where(verdict => !verdict.IsAllowed).Select(verdict => PreviewModel.Of(verdict, verdict.Refusal!.Reason))],
            providers,
            verdicts.Count,
            WarningsFor(rules, catalogue),
            problems ?? new Dictionary<string, string[]>());
    }

    /// <summary>Patterns that match no model now: saved all the same (a model may appear later), but worth a look.</summary>
    public static IReadOnlyList<string> WarningsFor(AllowListRules rules, CatalogueSnapshot catalogue)
    {
        if (catalogue.Listed.Count == 0)
        {
            return ["The catalogue is empty: it has not been loaded from OpenRouter yet, so no model is allowed until it is."];
        }

        var warnings = new List<string>();
        if (rules.Mode == ModelAccessMode.AllowAll && rules.Allow.Count > 0)
        {
            warnings.Add("Every model is allowed, so the allow patterns have no effect until you choose \"only listed models\" again.");
        }

        foreach (var pattern in rules.Allow.Where(pattern => !catalogue.Listed.Any(model => ModelAccessPolicy.AllowPatternAdmits(pattern, model.Id))))
        {
            var autoHint = pattern.Matches(ModelId.AutoRouter) ? $" ({ModelId.AutoRouter} is allowed only by its exact id.)" : "";
            warnings.Add($"\"{pattern.Value}\" in the allow list matches no model in the catalogue now.{autoHint}");
        }

        foreach (var pattern in rules.Deny.Where(pattern => !catalogue.Listed.Any(model => pattern.Matches(model.Id))))
        {
            warnings.Add($"\"{pattern.Value}\" in the deny list matches no model in the catalogue now.");
        }

        return warnings;
    }
}

/// <summary>One model in the preview, with prices in USD per million tokens and why it is in or out.</summary>
public sealed record PreviewModel(string Id, string Name, string Provider, decimal? PromptPerMillion, decimal? CompletionPerMillion, string Because)
{
    public static PreviewModel Of(ModelVerdict verdict, string because)
    {
        var pricing = verdict.Model.Pricing;
        return new PreviewModel(verdict.Model.Id, verdict.Model.Name, verdict.Model.Provider, pricing.PromptPerMillion, pricing.CompletionPerMillion, because);
    }
}

public sealed record ProviderCount(string Provider, int Allowed, int Total);
