using OpenRouterSaaS.Application.Models.Access;
using OpenRouterSaaS.Domain.Models;
using OpenRouterSaaS.Tests.Shared;

namespace OpenRouterSaaS.UnitTests.Application.Models;

/// <summary>The simulator's catalogue as stored, and allow-list rules written the way an admin types them.</summary>
internal static class TestCatalogue
{
    public static readonly DateTimeOffset SeenAt = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    public static CatalogueSnapshot Snapshot(params string[] removed) =>
        new(SimulatorCatalogue.Models.Select(published =>
        {
            var prices = published.Prices;
            var model = new CatalogueModel(published.Id, published.Name, published.ContextLength,
                new ModelPricing(prices.Prompt, prices.Completion, prices.Request, prices.InputCacheRead, prices.InputCacheWrite),
                published.SupportedParameters, SeenAt);
            if (removed.Contains(published.Id))
            {
                model.MarkRemoved(SeenAt.AddDays(1));
            }

            return model;
        }));

    public static AllowListRules Listed(params string[] allow) => Rules(ModelAccessMode.AllowListed, allow);

    public static AllowListRules Rules(ModelAccessMode mode, string[] allow, string[]? deny = null, decimal? maxPrompt = null, decimal? maxCompletion = null) =>
        new(mode, [.. allow.Select(ModelPattern.Parse)], [.. (deny ?? []).Select(ModelPattern.Parse)], maxPrompt, maxCompletion);

    public static AllowListRules AllowAll(string[]? deny = null, decimal? maxPrompt = null, decimal? maxCompletion = null) =>
        Rules(ModelAccessMode.AllowAll, [], deny, maxPrompt, maxCompletion);
}
