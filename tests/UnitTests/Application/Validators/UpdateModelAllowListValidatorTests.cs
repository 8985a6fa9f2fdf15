using OpenRouterSaaS.Application.Models.UpdateModelAllowList;
using OpenRouterSaaS.Domain.Models;

namespace OpenRouterSaaS.UnitTests.Application.Validators;

public sealed class UpdateModelAllowListValidatorTests
{
    private readonly UpdateModelAllowListValidator _validator = new();

    private static UpdateModelAllowListCommand Command(string[]? allow = null, string[]? deny = null, decimal? maxPrompt = null, decimal? maxCompletion = null, ModelAccessMode mode = ModelAccessMode.AllowListed) =>
        new(mode, allow ?? ["anthropic/*"], deny ?? [], maxPrompt, maxCompletion);

    private async Task<Dictionary<string, string[]>> ErrorsOf(UpdateModelAllowListCommand command) =>
        (await _validator.ValidateAsync(command)).Errors
            .GroupBy(error => error.PropertyName)
            .ToDictionary(group => group.Key, group => group.Select(error => error.ErrorMessage).ToArray());

    [Fact]
    public async Task A_well_formed_allow_list_passes()
    {
        var errors = await ErrorsOf(Command(["anthropic/*", "*:free", "openai/gpt-4o*", "openrouter/auto", "", "  "], ["x-ai/*"], 10m, 30m));

        Assert.Empty(errors);
    }

    [Fact]
    public async Task An_invalid_allow_pattern_is_a_field_error_that_names_it()
    {
        var errors = await ErrorsOf(Command(["anthropic/*", "open ai/gpt-4o"]));

        Assert.Equal(["\"open ai/gpt-4o\" is not a valid pattern: use only lowercase letters, digits, '.', '_', ':', '/', '-', and '*' as a wildcard."], errors["AllowPatterns"]);
        Assert.Single(errors);
    }

    [Fact]
    public async Task Every_invalid_pattern_is_reported_on_its_own_list()
    {
        var errors = await ErrorsOf(Command(["a**", "b?"], ["c d"]));

        Assert.Equal(2, errors["AllowPatterns"].Length);
        Assert.Contains("\"c d\"", Assert.Single(errors["DenyPatterns"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task More_patterns_than_the_maximum_are_refused()
    {
        var errors = await ErrorsOf(Command([.. Enumerable.Range(0, ModelAllowList.MaxPatterns + 1).Select(index => $"acme/model-{index}")]));

        Assert.Equal(["The allow list can hold at most 100 patterns; it has 101. Use wildcards such as anthropic/* to say more with less."], errors["AllowPatterns"]);
    }

    [Fact]
    public async Task Repeated_patterns_count_once()
    {
        var errors = await ErrorsOf(Command([.. Enumerable.Repeat("anthropic/*", ModelAllowList.MaxPatterns + 5)]));

        Assert.Empty(errors);
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(-5)]
    public async Task A_negative_ceiling_is_refused(double value)
    {
        var errors = await ErrorsOf(Command(maxPrompt: (decimal)value, maxCompletion: (decimal)value));

        Assert.Equal(["The prompt price ceiling cannot be negative. Enter 0 or more USD per million tokens, or leave it empty for no ceiling."], errors["MaxPromptPricePerMillion"]);
        Assert.Equal(["The completion price ceiling cannot be negative. Enter 0 or more USD per million tokens, or leave it empty for no ceiling."], errors["MaxCompletionPricePerMillion"]);
    }

    [Theory]
    [InlineData(1000.01)]
    [InlineData(1e9)]
    public async Task An_absurd_ceiling_is_refused(double value)
    {
        var errors = await ErrorsOf(Command(maxCompletion: (decimal)value));

        Assert.Equal(["A completion price ceiling above $1000 per million tokens is surely a typo: enter at most 1000, or leave it empty for no ceiling."], errors["MaxCompletionPricePerMillion"]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1000)]
    public async Task Ceilings_from_zero_to_the_maximum_pass(int value) =>
        Assert.Empty(await ErrorsOf(Command(maxPrompt: value, maxCompletion: value)));

    [Fact]
    public async Task An_unknown_mode_is_refused() =>
        Assert.Equal(["Choose whether only listed models or every model is allowed."], (await ErrorsOf(Command(mode: (ModelAccessMode)7)))["Mode"]);
}
