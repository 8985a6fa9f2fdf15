using OpenRouterSaaS.Domain.Models;

namespace OpenRouterSaaS.UnitTests.Domain;

public sealed class CatalogueModelTests
{
    private static readonly DateTimeOffset Monday = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly ModelPricing Sonnet = new(0.000003m, 0.000015m);

    [Fact]
    public void A_new_model_takes_its_provider_from_the_id_and_is_first_and_last_seen_now()
    {
        var model = new CatalogueModel("Anthropic/claude-sonnet-4", "Claude Sonnet 4", 200_000, Sonnet, ["tools", "", "tools"], Monday);

        Assert.Equal("anthropic", model.Provider);
        Assert.Equal((Monday, Monday), (model.FirstSeenAt, model.LastSeenAt));
        Assert.Equal(["tools"], model.SupportedParameters);
        Assert.False(model.IsRemoved);
    }

    [Fact]
    public void A_model_without_a_name_is_named_by_its_id() =>
        Assert.Equal("openai/gpt-4o", new CatalogueModel("openai/gpt-4o", "  ", null, Sonnet, [], Monday).Name);

    [Fact]
    public void A_removed_model_keeps_the_date_it_first_went_missing()
    {
        var model = new CatalogueModel("openai/gpt-4o", "GPT-4o", null, Sonnet, [], Monday);

        model.MarkRemoved(Monday.AddHours(1));
        model.MarkRemoved(Monday.AddHours(2));

        Assert.Equal(Monday.AddHours(1), model.RemovedAt);
    }

    [Fact]
    public void A_refresh_of_a_removed_model_brings_it_back_with_the_new_details()
    {
        var model = new CatalogueModel("openai/gpt-4o", "GPT-4o", 128_000, Sonnet, [], Monday);
        model.MarkRemoved(Monday.AddHours(1));

        var reappeared = model.Refresh("GPT-4o (2026)", 256_000, new ModelPricing(0.000002m, 0.000008m), ["seed"], Monday.AddDays(1));

        Assert.True(reappeared);
        Assert.Null(model.RemovedAt);
        Assert.Equal(("GPT-4o (2026)", 256_000, 0.000002m, Monday, Monday.AddDays(1)), (model.Name, model.ContextLength, model.PromptPrice, model.FirstSeenAt, model.LastSeenAt));
        Assert.False(model.Refresh("GPT-4o", 1, Sonnet, [], Monday.AddDays(2)));
    }

    [Theory]
    [InlineData("0", "0", true)]
    [InlineData("0", "0.000001", false)]
    [InlineData(null, null, false)]
    public void Free_means_nothing_charged(string? prompt, string? completion, bool free)
    {
        var pricing = new ModelPricing(prompt is null ? null : decimal.Parse(prompt), completion is null ? null : decimal.Parse(completion));

        Assert.Equal(free, pricing.IsFree);
    }

    [Fact]
    public void A_request_price_makes_a_zero_token_price_model_not_free() =>
        Assert.False(new ModelPricing(0m, 0m, 0.01m).IsFree);

    [Fact]
    public void Prices_per_million_are_exact() =>
        Assert.Equal((0.15m, 0.6m), (new ModelPricing(0.00000015m, 0.0000006m).PromptPerMillion, new ModelPricing(0.00000015m, 0.0000006m).CompletionPerMillion));

    [Theory]
    [InlineData("openai/gpt-4o")]
    [InlineData("openrouter/auto")]
    [InlineData("meta-llama/llama-3.3-70b-instruct:free")]
    [InlineData("mistralai/mistral-small-3.1-24b-instruct")]
    [InlineData("~anthropic/claude-opus-latest")]
    [InlineData("OpenAI/GPT-4o")]
    public void A_well_formed_model_id_has_no_problem(string id) => Assert.Null(ModelId.Problem(id));

    [Theory]
    [InlineData("")]
    [InlineData("gpt-4o")]
    [InlineData("/gpt-4o")]
    [InlineData("openai/")]
    [InlineData("openai/gpt 4o")]
    [InlineData("openai/gpt-4o*")]
    [InlineData("openai/gpt-4o:")]
    public void A_malformed_model_id_is_a_problem(string id) => Assert.NotNull(ModelId.Problem(id));
}
