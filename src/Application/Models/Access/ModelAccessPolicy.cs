using OpenRouterSaaS.Domain.Models;

namespace OpenRouterSaaS.Application.Models.Access;

/// <summary>
/// Decides which models a tenant may use: the one place these rules live. In order, for each model:
/// a model missing from the catalogue or removed from it is refused; a matching deny pattern refuses it
/// (deny wins); in <see cref="ModelAccessMode.AllowListed"/> mode an allow pattern must match it; price ceilings
/// (USD per million prompt and completion tokens) apply to concrete models, and a model without a fixed price
/// is refused while a ceiling is set. <c>openrouter/auto</c> is allowed only when the allow-list names it
/// exactly (no wildcard, not even <c>*</c>, allows it) or in <see cref="ModelAccessMode.AllowAll"/> mode, and
/// is then confined to the allowed concrete models with fixed prices; it is refused if there are none.
/// </summary>
public static class ModelAccessPolicy
{
    /// <summary>May a request use <paramref name="requestedModel"/> and every model of <paramref name="fallbackModels"/> (<c>models: [...]</c>)?</summary>
    public static ModelAccessDecision Decide(AllowListRules rules, CatalogueSnapshot catalogue, string? requestedModel, IReadOnlyList<string>? fallbackModels = null)
    {
        if (string.IsNullOrWhiteSpace(requestedModel) && fallbackModels is not { Count: > 0 })
        {
            return ModelAccessDecision.Refused(new ModelRefusal("", RefusalRule.NoModel, "The request names no model."));
        }

        if (fallbackModels?.Any(string.IsNullOrWhiteSpace) == true)
        {
            return ModelAccessDecision.Refused(new ModelRefusal("", RefusalRule.NoModel, "The models list has an empty entry."));
        }

        IReadOnlyList<string>? routes = null;
        var checkedIds = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var id in new[] { requestedModel }.Concat(fallbackModels ?? []).Where(id => !string.IsNullOrWhiteSpace(id)).Select(id => id!.Trim()))
        {
            if (checkedIds.ContainsKey(id))
            {
                continue;
            }

            var model = catalogue.Find(id);
            if (model is null)
            {
                return ModelAccessDecision.Refused(new ModelRefusal(id, RefusalRule.UnknownModel, $"\"{id}\" is not a model in OpenRouter's catalogue."));
            }

            var verdict = Evaluate(rules, catalogue, model);
            if (verdict.Refusal is { } refusal)
            {
                return ModelAccessDecision.Refused(refusal);
            }

            checkedIds[id] = model.Id;
            if (model.IsAutoRouter)
            {
                routes = verdict.RoutesTo;
            }
        }

        var canonicalModel = string.IsNullOrWhiteSpace(requestedModel) ? null : checkedIds[requestedModel.Trim()];
        var canonicalFallbacks = (fallbackModels ?? []).Select(id => checkedIds[id.Trim()]).ToList();
        return ModelAccessDecision.Allowed(canonicalModel, canonicalFallbacks, routes);
    }

    /// <summary>The models members may use now, by id: wherever a list of models is shown, it is this one.</summary>
    public static IReadOnlyList<CatalogueModel> AllowedModels(AllowListRules rules, CatalogueSnapshot catalogue) =>
        [.. EvaluateAll(rules, catalogue).Where(verdict => verdict.IsAllowed).Select(verdict => verdict.Model)];

    /// <summary>The verdict on every model OpenRouter lists now, by id.</summary>
    public static IReadOnlyList<ModelVerdict> EvaluateAll(AllowListRules rules, CatalogueSnapshot catalogue)
    {
        var concrete = catalogue.Listed.Where(model => !model.IsAutoRouter).Select(model => EvaluateConcrete(rules, model)).ToList();
        var routes = RoutableIds(concrete);
        var routers = catalogue.Listed.Where(model => model.IsAutoRouter).Select(model => EvaluateAutoRouter(rules, model, routes));
        return [.. concrete.Concat(routers).OrderBy(verdict => verdict.Model.Id, StringComparer.Ordinal)];
    }

    /// <summary>The verdict on one model of <paramref name="catalogue"/>.</summary>
    public static ModelVerdict Evaluate(AllowListRules rules, CatalogueSnapshot catalogue, CatalogueModel model)
    {
        if (!model.IsAutoRouter)
        {
            return EvaluateConcrete(rules, model);
        }

        var concrete = catalogue.Listed.Where(candidate => !candidate.IsAutoRouter).Select(candidate => EvaluateConcrete(rules, candidate));
        return EvaluateAutoRouter(rules, model, RoutableIds(concrete));
    }

    /// <summary>Whether <paramref name="pattern"/> on the allow list lets <paramref name="modelId"/> in: the auto router only by its exact id.</summary>
    public static bool AllowPatternAdmits(ModelPattern pattern, string modelId) =>
        pattern.Matches(modelId) && !(pattern.HasWildcard && ModelId.IsAutoRouter(modelId));

    private static ModelVerdict EvaluateConcrete(AllowListRules rules, CatalogueModel model)
    {
        if (CommonRefusal(rules, model) is { } refusal)
        {
            return Refused(model, refusal);
        }

        string allowedBy;
        if (rules.Mode == ModelAccessMode.AllowAll)
        {
            allowedBy = "every model is allowed";
        }
        else if (rules.Allow.FirstOrDefault(pattern => AllowPatternAdmits(pattern, model.Id)) is { } pattern)
        {
            allowedBy = pattern.HasWildcard ? $"allowed by {pattern.Value}" : "listed";
        }
        else
        {
            return Refused(model, RefusalRule.NotListed, $"\"{model.Id}\" is not on this tenant's allow-list.");
        }

        return CeilingRefusal(rules, model) is { } ceiling
            ? Refused(model, ceiling)
            : new ModelVerdict(model, allowedBy, null, []);
    }

    private static ModelVerdict EvaluateAutoRouter(AllowListRules rules, CatalogueModel router, IReadOnlyList<string> routes)
    {
        if (CommonRefusal(rules, router) is { } refusal)
        {
            return Refused(router, refusal);
        }

        var listed = rules.Mode == ModelAccessMode.AllowAll || rules.Allow.Any(pattern => AllowPatternAdmits(pattern, router.Id));
        if (!listed)
        {
            return Refused(router, RefusalRule.AutoRouterNotListed,
                $"\"{router.Id}\" is allowed only when the allow-list names it exactly; no wildcard allows it.");
        }

        if (routes.Count == 0)
        {
            return Refused(router, RefusalRule.NothingToRoute, $"\"{router.Id}\" is listed, but no model with a fixed price is allowed for it to route to.");
        }

        var allowedBy = rules.Mode == ModelAccessMode.AllowAll ? "every model is allowed" : "listed";
        return new ModelVerdict(router, $"{allowedBy}; routes only to the {routes.Count} allowed model{(routes.Count == 1 ? "" : "s")}", null, routes);
    }

    /// <summary>The auto router may pick only concrete allowed models with a fixed price (never another router).</summary>
    private static IReadOnlyList<string> RoutableIds(IEnumerable<ModelVerdict> concrete) =>
        [.. concrete.Where(verdict => verdict.IsAllowed && !verdict.Model.Pricing.IsVariable).Select(verdict => verdict.Model.Id)];

    private static ModelRefusal? CommonRefusal(AllowListRules rules, CatalogueModel model)
    {
        if (model.RemovedAt is { } removedAt)
        {
            return new ModelRefusal(model.Id, RefusalRule.RemovedModel, $"\"{model.Id}\" was removed from OpenRouter's catalogue on {removedAt:yyyy-MM-dd}.");
        }

        return rules.Deny.FirstOrDefault(pattern => pattern.Matches(model.Id)) is { } deny
            ? new ModelRefusal(model.Id, RefusalRule.Denied, deny.HasWildcard
                ? $"\"{model.Id}\" is denied by the pattern \"{deny.Value}\"."
                : $"\"{model.Id}\" is on this tenant's deny list.")
            : null;
    }

    private static ModelRefusal? CeilingRefusal(AllowListRules rules, CatalogueModel model)
    {
        var pricing = model.Pricing;
        return Check(rules.MaxPromptPricePerMillion, pricing.PromptPerMillion, "prompt", RefusalRule.PromptPriceCeiling)
            ?? Check(rules.MaxCompletionPricePerMillion, pricing.CompletionPerMillion, "completion", RefusalRule.CompletionPriceCeiling);

        ModelRefusal? Check(decimal? ceiling, decimal? price, string kind, RefusalRule rule)
        {
            if (ceiling is not { } max)
            {
                return null;
            }

            if (price is not { } perMillion)
            {
                return new ModelRefusal(model.Id, RefusalRule.VariablePrice,
                    $"\"{model.Id}\" has no fixed {kind} price, so it cannot be held to the ceiling of {PriceText.PerMillion(max)} per million {kind} tokens.");
            }

            return perMillion > max
                ? new ModelRefusal(model.Id, rule,
                    $"\"{model.Id}\" costs {PriceText.PerMillion(perMillion)} per million {kind} tokens, above this tenant's ceiling of {PriceText.PerMillion(max)}.")
                : null;
        }
    }

    private static ModelVerdict Refused(CatalogueModel model, RefusalRule rule, string reason) => Refused(model, new ModelRefusal(model.Id, rule, reason));

    private static ModelVerdict Refused(CatalogueModel model, ModelRefusal refusal) => new(model, null, refusal, []);
}
