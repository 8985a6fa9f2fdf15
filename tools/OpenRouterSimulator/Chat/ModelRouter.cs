using System.Text.Json.Nodes;
using OpenRouterSimulator.Catalogue;

namespace OpenRouterSimulator.Chat;

/// <summary>
/// Decides which catalogue model serves a request: the requested model, else the first working <c>models</c> fallback;
/// <c>openrouter/auto</c> picks deterministically from the prompt, within the auto-router plugin's <c>allowed_models</c>.
/// </summary>
internal sealed class ModelRouter(ModelCatalogue catalogue)
{
    public RouteResult Route(ChatRequest request, string prompt, IReadOnlySet<string> downModels)
    {
        var candidates = new List<string>();
        if (!string.IsNullOrWhiteSpace(request.Model))
        {
            if (catalogue.Find(request.Model) is null)
            {
                return RouteResult.Invalid(request.Model);
            }

            candidates.Add(request.Model);
        }

        candidates.AddRange(request.Models?.Where(m => !string.IsNullOrWhiteSpace(m)) ?? []);
        if (candidates.Count == 0)
        {
            candidates.Add(ModelCatalogue.AutoRouterId);
        }

        if (!candidates.Any(id => catalogue.Find(id) is not null))
        {
            return RouteResult.Invalid(candidates[0]);
        }

        foreach (var id in candidates)
        {
            var model = catalogue.Find(id);
            if (model is null || downModels.Contains(id))
            {
                continue;
            }

            if (!model.IsRouter)
            {
                return RouteResult.Served(model, router: null);
            }

            var pool = AutoPool(request, downModels);
            if (pool.Count == 0)
            {
                return new RouteResult(null, null, StatusCodes.Status400BadRequest,
                    "No models match the auto-router's allowed_models", new JsonObject { ["error_type"] = "invalid_request" });
            }

            var pick = pool[(int)(ReplyComposer.Fingerprint(prompt) % (ulong)pool.Count)];
            return RouteResult.Served(pick, ModelCatalogue.AutoRouterId);
        }

        var last = candidates[^1];
        return new RouteResult(null, null, StatusCodes.Status502BadGateway, "Provider returned error", new JsonObject
        {
            ["error_type"] = "provider_unavailable",
            ["provider_name"] = catalogue.Find(last)?.ProviderName,
            ["raw"] = $"{last} is unavailable: upstream connect error or disconnect/reset before headers",
        });
    }

    private List<CatalogueModel> AutoPool(ChatRequest request, IReadOnlySet<string> downModels)
    {
        var allowed = request.Plugins?.FirstOrDefault(p => p.Id == "auto-router")?.AllowedModels;
        var pool = allowed is { Count: > 0 }
            ? catalogue.Models.Where(m => !m.IsRouter && allowed.Any(pattern => Matches(pattern, m.Id)))
            : catalogue.Routable;
        return [.. pool.Where(m => !downModels.Contains(m.Id))];
    }

    /// <summary>An allowed-models pattern is an exact id or ends in <c>*</c> (e.g. <c>anthropic/*</c>).</summary>
    private static bool Matches(string pattern, string id) =>
        pattern.EndsWith('*') ? id.StartsWith(pattern[..^1], StringComparison.Ordinal) : string.Equals(pattern, id, StringComparison.Ordinal);
}

internal sealed record RouteResult(CatalogueModel? Model, string? Router, int ErrorStatus, string? ErrorMessage, JsonObject? ErrorMetadata)
{
    public static RouteResult Served(CatalogueModel model, string? router) => new(model, router, 0, null, null);

    public static RouteResult Invalid(string id) => new(null, null, StatusCodes.Status400BadRequest, $"{id} is not a valid model ID",
        new JsonObject { ["error_type"] = "invalid_request", ["model"] = id });
}
