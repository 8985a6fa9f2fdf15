using OpenRouterSaaS.Application.Models.GetModelCatalogue;

namespace OpenRouterSaaS.UnitTests.Application.Validators;

public sealed class GetModelCatalogueValidatorTests
{
    private readonly GetModelCatalogueValidator _validator = new();

    [Fact]
    public async Task Plain_filters_pass() =>
        Assert.True((await _validator.ValidateAsync(new GetModelCatalogueQuery("claude", "anthropic", PriceFilter.Paid, ModelSort.PromptPrice))).IsValid);

    [Fact]
    public async Task An_overlong_search_is_refused_with_a_clear_message()
    {
        var result = await _validator.ValidateAsync(new GetModelCatalogueQuery(new string('x', GetModelCatalogueValidator.SearchMaxLength + 1)));

        Assert.Equal("Search for at most 100 characters.", Assert.Single(result.Errors).ErrorMessage);
    }

    [Fact]
    public async Task Unknown_filter_values_are_refused()
    {
        var result = await _validator.ValidateAsync(new GetModelCatalogueQuery(Price: (PriceFilter)9, Sort: (ModelSort)9));

        Assert.Equal(2, result.Errors.Count);
    }
}
