using System.Globalization;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Infrastructure.OpenRouter.Api;

namespace OpenRouterSaaS.Infrastructure.OpenRouter.Adapters;

/// <summary>The published catalogue from <c>GET /models</c>. Any malformed model fails the whole read: never half a catalogue.</summary>
internal sealed class ModelCatalogueSource(IModelsApi api, OpenRouterCall call) : IModelCatalogueSource
{
    private const string Operation = "GET /models";

    public async Task<IReadOnlyList<PublishedModel>> GetModelsAsync(CancellationToken cancellationToken = default)
    {
        var response = await call.RunAsync(Operation, api.GetModelsAsync, cancellationToken);
        if (response?.Data is not { } models)
        {
            throw OpenRouterErrors.Malformed(Operation, "no \"data\" list of models");
        }

        var published = new List<PublishedModel>(models.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < models.Count; i++)
        {
            var model = models[i] ?? throw OpenRouterErrors.Malformed(Operation, $"model #{i + 1} is null");
            if (string.IsNullOrWhiteSpace(model.Id))
            {
                throw OpenRouterErrors.Malformed(Operation, $"model #{i + 1} has no id");
            }

            if (!seen.Add(model.Id))
            {
                throw OpenRouterErrors.Malformed(Operation, $"model '{model.Id}' is listed twice");
            }

            if (model.Pricing is not { } pricing)
            {
                throw OpenRouterErrors.Malformed(Operation, $"model '{model.Id}' has no pricing");
            }

            if (model.ContextLength is < 0)
            {
                throw OpenRouterErrors.Malformed(Operation, $"model '{model.Id}' has a negative context_length");
            }

            var prices = new ModelPrices(
                Price(model.Id, "prompt", pricing.Prompt, required: true),
                Price(model.Id, "completion", pricing.Completion, required: true),
                Price(model.Id, "request", pricing.Request, required: false) ?? (pricing.Request is null ? 0m : null),
                Price(model.Id, "input_cache_read", pricing.InputCacheRead, required: false),
                Price(model.Id, "input_cache_write", pricing.InputCacheWrite, required: false));
            published.Add(new PublishedModel(
                model.Id,
                string.IsNullOrWhiteSpace(model.Name) ? model.Id : model.Name,
                model.ContextLength,
                prices,
                model.SupportedParameters?.Where(p => !string.IsNullOrWhiteSpace(p)).ToList() ?? []));
        }

        return published;
    }

    /// <summary>
    /// USD per token from OpenRouter's string. "-1" (any negative) means "not fixed" (null): <c>openrouter/auto</c> costs what
    /// the model it picks costs. A missing optional price is null, except <c>request</c>, where none means no per-request fee.
    /// </summary>
    internal static decimal? Price(string modelId, string name, string? text, bool required)
    {
        if (text is null)
        {
            return required ? throw OpenRouterErrors.Malformed(Operation, $"model '{modelId}' has no pricing.{name}") : null;
        }

        if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
                CultureInfo.InvariantCulture, out var price))
        {
            throw OpenRouterErrors.Malformed(Operation, $"model '{modelId}' has pricing.{name} '{text}', which is not a number");
        }

        return price < 0m ? null : price;
    }
}
