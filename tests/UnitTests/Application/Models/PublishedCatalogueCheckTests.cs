using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Models.RefreshModelCatalogue;
using OpenRouterSaaS.Tests.Shared;

namespace OpenRouterSaaS.UnitTests.Application.Models;

public sealed class PublishedCatalogueCheckTests
{
    private static readonly ModelPrices Prices = new(0.000001m, 0.000002m, 0m, null, null);

    [Fact]
    public void The_simulators_catalogue_is_taken() => Assert.Null(PublishedCatalogueCheck.Problem(SimulatorCatalogue.Models));

    [Fact]
    public void An_empty_answer_is_refused()
    {
        Assert.Equal("the answer lists no models.", PublishedCatalogueCheck.Problem([]));
        Assert.Equal("the answer lists no models.", PublishedCatalogueCheck.Problem(null));
    }

    [Fact]
    public void A_malformed_id_is_refused_naming_the_entry() =>
        Assert.Equal("entry 2: \"gpt 4o\" is not a model id of the form provider/name.",
            PublishedCatalogueCheck.Problem([SimulatorCatalogue.Models[1], new PublishedModel("gpt 4o", "GPT", 1, Prices, [])]));

    [Fact]
    public void A_missing_id_is_refused() =>
        Assert.Equal("entry 1: A model has no id.", PublishedCatalogueCheck.Problem([new PublishedModel(null!, "x", 1, Prices, [])]));

    [Fact]
    public void An_id_listed_twice_is_refused_whatever_its_case() =>
        Assert.Equal("\"OpenAI/GPT-4o\" is listed twice.",
            PublishedCatalogueCheck.Problem([new PublishedModel("openai/gpt-4o", "a", 1, Prices, []), new PublishedModel("OpenAI/GPT-4o", "b", 1, Prices, [])]));

    [Fact]
    public void An_empty_entry_is_refused() =>
        Assert.Equal("entry 2 is empty.", PublishedCatalogueCheck.Problem([SimulatorCatalogue.Models[0], null]));

    [Fact]
    public void A_negative_price_is_refused() =>
        Assert.Equal("\"acme/x\" has a negative price.",
            PublishedCatalogueCheck.Problem([new PublishedModel("acme/x", "x", 1, new ModelPrices(-1m, 0m, 0m, null, null), [])]));

    [Fact]
    public void Missing_prices_are_refused() =>
        Assert.Equal("\"acme/x\" has no prices.", PublishedCatalogueCheck.Problem([new PublishedModel("acme/x", "x", 1, null!, [])]));

    [Fact]
    public void A_negative_context_length_is_refused() =>
        Assert.Equal("\"acme/x\" has a negative context length.", PublishedCatalogueCheck.Problem([new PublishedModel("acme/x", "x", -1, Prices, [])]));
}
