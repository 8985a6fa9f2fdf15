using System.Globalization;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.OpenRouter;

namespace OpenRouterClient.Tests;

public sealed class CatalogueTests
{
    [Fact]
    public async Task The_catalogue_arrives_with_decimal_prices_per_token_and_no_key_is_sent()
    {
        await using var harness = await ClientHarness.StartAsync();

        var models = await harness.Get<IModelCatalogueSource>().GetModelsAsync();

        Assert.True(models.Count >= 12);
        var gpt = Assert.Single(models, m => m.Id == "openai/gpt-4o");
        Assert.Equal("OpenAI: GPT-4o", gpt.Name);
        Assert.True(gpt.ContextLength > 0);
        Assert.True(gpt.Prices.Prompt > 0m && gpt.Prices.Completion > gpt.Prices.Prompt);
        Assert.Equal(0m, gpt.Prices.Request);
        Assert.Contains("tools", gpt.SupportedParameters);

        var auto = Assert.Single(models, m => m.Id == "openrouter/auto");
        Assert.Null(auto.Prices.Prompt);
        Assert.Null(auto.Prices.Completion);

        Assert.Contains(models, m => m.Id.EndsWith(":free", StringComparison.Ordinal) && m.Prices.Prompt == 0m && m.Prices.Completion == 0m);
        Assert.Null(Assert.Single(harness.Requests("/models")).KeyFingerprint);
    }

    [Theory]
    [InlineData("0.0000025", "0.0000025")]
    [InlineData("0", "0")]
    [InlineData("1e-6", "0.000001")]
    [InlineData("-1", null)]
    public void Prices_are_read_with_the_invariant_culture_and_minus_one_means_not_fixed(string text, string? expected)
    {
        var price = OpenRouterSaaS.Infrastructure.OpenRouter.Adapters.ModelCatalogueSource.Price("m", "prompt", text, required: true);
        Assert.Equal(expected is null ? (decimal?)null : decimal.Parse(expected, CultureInfo.InvariantCulture), price);
    }

    [Theory]
    [InlineData("""{"data":[{"id":"a/b","name":"B","pricing":{"prompt":"0.1","completion":"0.2"}},{"id":"c/d","name":"D"}]}""", "'c/d' has no pricing")]
    [InlineData("""{"data":[{"id":"a/b","name":"B","pricing":{"prompt":"cheap","completion":"0.2"}}]}""", "not a number")]
    [InlineData("""{"data":[{"id":"a/b","name":"B","pricing":{"completion":"0.2"}}]}""", "no pricing.prompt")]
    [InlineData("""{"data":[{"name":"B","pricing":{"prompt":"0.1","completion":"0.2"}}]}""", "has no id")]
    [InlineData("""{"models":[]}""", "no \"data\"")]
    [InlineData("""<html>Bad gateway</html>""", "not the JSON expected")]
    public async Task A_malformed_catalogue_fails_whole_with_a_clear_message(string body, string expected)
    {
        await using var canned = await CannedOpenRouter.StartAsync(body);
        await using var harness = await ClientHarness.StartAsync(baseUrl: canned.BaseUrl);

        var failure = await Assert.ThrowsAsync<OpenRouterException>(() => harness.Get<IModelCatalogueSource>().GetModelsAsync());

        Assert.Equal(OpenRouterFailureKind.MalformedResponse, failure.Kind);
        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
        Assert.Contains("GET /models", failure.Message, StringComparison.Ordinal);
    }
}
