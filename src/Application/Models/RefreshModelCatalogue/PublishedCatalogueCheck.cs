using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Domain.Models;

namespace OpenRouterSaaS.Application.Models.RefreshModelCatalogue;

/// <summary>
/// Whether an answer from OpenRouter's <c>/models</c> can replace the stored catalogue. One bad entry rejects the
/// whole answer: a half-read catalogue would mark good models removed and refuse them to every tenant.
/// </summary>
public static class PublishedCatalogueCheck
{
    /// <summary>Returns what is wrong with <paramref name="models"/>, or null when it can be taken.</summary>
    public static string? Problem(IReadOnlyList<PublishedModel?>? models)
    {
        if (models is not { Count: > 0 })
        {
            return "the answer lists no models.";
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var index = 0; index < models.Count; index++)
        {
            if (models[index] is not { } model)
            {
                return $"entry {index + 1} is empty.";
            }

            if (ModelId.Problem(model.Id) is { } idProblem)
            {
                return $"entry {index + 1}: {idProblem}";
            }

            if (!seen.Add(model.Id))
            {
                return $"\"{model.Id}\" is listed twice.";
            }

            if (model.Prices is not { } prices)
            {
                return $"\"{model.Id}\" has no prices.";
            }

            if (new[] { prices.Prompt, prices.Completion, prices.Request, prices.InputCacheRead, prices.InputCacheWrite }.Any(price => price < 0m))
            {
                return $"\"{model.Id}\" has a negative price.";
            }

            if (model.ContextLength < 0)
            {
                return $"\"{model.Id}\" has a negative context length.";
            }
        }

        return null;
    }
}
