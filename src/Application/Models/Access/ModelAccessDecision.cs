using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Models;

namespace OpenRouterSaaS.Application.Models.Access;

/// <summary>The rule that refused a model.</summary>
public enum RefusalRule
{
    /// <summary>The request named no model, or an empty entry in its fallback list.</summary>
    NoModel,

    /// <summary>The id is not in OpenRouter's catalogue.</summary>
    UnknownModel,

    /// <summary>OpenRouter no longer lists the model.</summary>
    RemovedModel,

    /// <summary>A deny pattern matches the model; deny wins over everything.</summary>
    Denied,

    /// <summary>No allow pattern matches the model.</summary>
    NotListed,

    /// <summary><c>openrouter/auto</c> was requested but the allow-list does not name it exactly.</summary>
    AutoRouterNotListed,

    /// <summary><c>openrouter/auto</c> is allowed, but no concrete model is, so it could route nowhere.</summary>
    NothingToRoute,

    /// <summary>A ceiling is set but the model's price is not fixed, so it cannot be held to it.</summary>
    VariablePrice,

    PromptPriceCeiling,

    CompletionPriceCeiling,
}

/// <summary>Why a model may not be used, in words that name the model and the rule.</summary>
public sealed record ModelRefusal(string ModelId, RefusalRule Rule, string Reason)
{
    /// <summary>A model that does not exist is a bad request; a model that exists but is not allowed is forbidden.</summary>
    public Error ToError() => Rule is RefusalRule.NoModel or RefusalRule.UnknownModel or RefusalRule.RemovedModel
        ? Error.Invalid(Reason)
        : Error.Forbidden(Reason);
}

/// <summary>
/// The verdict on one catalogue model: allowed (and by what), or refused (and why). For an allowed
/// <c>openrouter/auto</c>, <see cref="RoutesTo"/> lists the concrete models it is confined to.
/// </summary>
public sealed record ModelVerdict(CatalogueModel Model, string? AllowedBy, ModelRefusal? Refusal, IReadOnlyList<string> RoutesTo)
{
    public bool IsAllowed => Refusal is null;
}

/// <summary>
/// The answer to "may this request use these models?". When allowed, <see cref="Model"/> and
/// <see cref="FallbackModels"/> carry the catalogue's spelling of the ids, and
/// <see cref="AutoRouterAllowedModels"/> is set when <c>openrouter/auto</c> is among them: send it as
/// <c>plugins: [{"id": "auto-router", "allowed_models": [...]}]</c>.
/// </summary>
public sealed record ModelAccessDecision
{
    private ModelAccessDecision() { }

    public ModelRefusal? Refusal { get; private init; }

    public bool IsAllowed => Refusal is null;

    public string? Model { get; private init; }

    public IReadOnlyList<string> FallbackModels { get; private init; } = [];

    public IReadOnlyList<string>? AutoRouterAllowedModels { get; private init; }

    public static ModelAccessDecision Allowed(string? model, IReadOnlyList<string> fallbackModels, IReadOnlyList<string>? autoRouterAllowedModels) =>
        new() { Model = model, FallbackModels = fallbackModels, AutoRouterAllowedModels = autoRouterAllowedModels };

    public static ModelAccessDecision Refused(ModelRefusal refusal) => new() { Refusal = refusal };
}
