using OpenRouterSaaS.Application.Models;
using OpenRouterSaaS.Application.Models.Access;
using OpenRouterSaaS.Domain.Models;
using static OpenRouterSaaS.UnitTests.Application.Models.TestCatalogue;

namespace OpenRouterSaaS.UnitTests.Application.Models;

public sealed class AllowListPreviewTests
{
    [Fact]
    public void The_preview_lists_allowed_and_refused_models_with_counts_per_provider()
    {
        var preview = AllowListPreview.Of(Listed("anthropic/*", "google/*"), Snapshot());

        Assert.Equal(["anthropic/claude-3.5-haiku", "anthropic/claude-sonnet-4", "google/gemini-2.5-flash", "google/gemini-2.5-pro"], preview.Allowed.Select(model => model.Id));
        Assert.Equal(13, preview.Refused.Count);
        Assert.Equal(17, preview.CatalogueCount);
        Assert.Equal(new ProviderCount("anthropic", 2, 2), preview.Providers.Single(provider => provider.Provider == "anthropic"));
        Assert.Equal(new ProviderCount("openai", 0, 3), preview.Providers.Single(provider => provider.Provider == "openai"));
        Assert.Equal("allowed by anthropic/*", preview.Allowed[0].Because);
        Assert.Empty(preview.Warnings);
    }

    [Fact]
    public void A_pattern_that_matches_nothing_is_a_warning()
    {
        var warnings = AllowListPreview.WarningsFor(Rules(ModelAccessMode.AllowListed, ["anthropic/*", "antropic/*"], deny: ["cohere/*"]), Snapshot());

        Assert.Equal(
            ["\"antropic/*\" in the allow list matches no model in the catalogue now.", "\"cohere/*\" in the deny list matches no model in the catalogue now."],
            warnings);
    }

    [Fact]
    public void A_wildcard_that_could_only_match_the_auto_router_says_why_it_matches_nothing() =>
        Assert.Equal(["\"openrouter/*\" in the allow list matches no model in the catalogue now. (openrouter/auto is allowed only by its exact id.)"],
            AllowListPreview.WarningsFor(Listed("openrouter/*"), Snapshot()));

    [Fact]
    public void A_removed_model_listed_exactly_is_a_warning() =>
        Assert.Single(AllowListPreview.WarningsFor(Listed("openai/gpt-4o"), Snapshot(removed: "openai/gpt-4o")));

    [Fact]
    public void Allow_patterns_in_allow_everything_mode_get_a_warning() =>
        Assert.Contains("Every model is allowed, so the allow patterns have no effect until you choose \"only listed models\" again.",
            AllowListPreview.WarningsFor(Rules(ModelAccessMode.AllowAll, ["anthropic/*"]), Snapshot()));

    [Fact]
    public void An_empty_catalogue_gives_one_warning_instead_of_one_per_pattern() =>
        Assert.Equal(["The catalogue is empty: it has not been loaded from OpenRouter yet, so no model is allowed until it is."],
            AllowListPreview.WarningsFor(Listed("anthropic/*", "google/*"), CatalogueSnapshot.Empty));

    [Theory]
    [InlineData("0.15", "$0.15")]
    [InlineData("3", "$3.00")]
    [InlineData("0.0375", "$0.0375")]
    [InlineData("1250", "$1,250.00")]
    public void Prices_read_in_dollars_per_million(string value, string text) =>
        Assert.Equal(text, PriceText.PerMillion(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void A_price_that_is_not_fixed_reads_as_variable() => Assert.Equal("variable", PriceText.PerMillion(null));
}
