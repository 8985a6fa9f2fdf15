using OpenRouterSaaS.Domain.Models;

namespace OpenRouterSaaS.UnitTests.Domain;

public sealed class ModelPatternTests
{
    [Theory]
    [InlineData("openai/gpt-4o")]
    [InlineData("anthropic/*")]
    [InlineData("*:free")]
    [InlineData("openai/gpt-4o*")]
    [InlineData("*")]
    [InlineData("meta-llama/llama-3.3-70b-instruct:free")]
    [InlineData("mistralai/mistral-small-3.1-24b-instruct")]
    [InlineData("x-ai/grok_3")]
    public void A_well_formed_pattern_is_accepted_as_typed(string text)
    {
        var pattern = ModelPattern.Create(text);

        Assert.True(pattern.IsSuccess);
        Assert.Equal(text, pattern.Value.Value);
    }

    [Fact]
    public void Spaces_around_a_pattern_are_dropped_and_letters_lowered()
    {
        var pattern = ModelPattern.Create("  Anthropic/Claude-*  ").Value;

        Assert.Equal("anthropic/claude-*", pattern.Value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_pattern_is_refused(string? text) =>
        Assert.Equal("A pattern is empty; enter a model id such as openai/gpt-4o or a pattern such as anthropic/*.", ModelPattern.Create(text).Error!.Message);

    [Theory]
    [InlineData("anthropic claude")]
    [InlineData("openai/gpt-4o?")]
    [InlineData("openai/gpt[4]")]
    [InlineData("anthropic/claudé")]
    [InlineData("a\\b")]
    [InlineData("~openai/x")]
    public void A_pattern_with_other_characters_is_refused_naming_it(string text) =>
        Assert.Equal($"\"{text}\" is not a valid pattern: use only {ModelPattern.AllowedCharactersText}.", ModelPattern.Problem(text));

    [Theory]
    [InlineData("**")]
    [InlineData("anthropic/**")]
    public void A_double_wildcard_is_refused(string text) =>
        Assert.Equal($"\"{text}\" contains \"**\": a single '*' already matches any run of characters.", ModelPattern.Problem(text));

    [Fact]
    public void A_pattern_longer_than_the_maximum_is_refused()
    {
        var text = new string('a', ModelPattern.MaxLength + 1);

        Assert.Equal($"\"{text[..40]}…\" is too long: a pattern can be at most {ModelPattern.MaxLength} characters.", ModelPattern.Problem(text));
        Assert.Null(ModelPattern.Problem(new string('a', ModelPattern.MaxLength)));
    }

    [Theory]
    [InlineData("openai/gpt-4o", "openai/gpt-4o", true)]
    [InlineData("openai/gpt-4o", "openai/gpt-4o-mini", false)]
    [InlineData("openai/gpt-4o*", "openai/gpt-4o-mini", true)]
    [InlineData("openai/gpt-4o*", "openai/gpt-4o", true)]
    [InlineData("openai/gpt-4o*", "openai/gpt-4.1", false)]
    [InlineData("anthropic/*", "anthropic/claude-sonnet-4", true)]
    [InlineData("anthropic/*", "anthropic-fake/claude", false)]
    [InlineData("anthropic/*", "openai/anthropic/x", false)]
    [InlineData("*:free", "deepseek/deepseek-r1:free", true)]
    [InlineData("*:free", "deepseek/deepseek-r1", false)]
    [InlineData("*:free", "deepseek/free-model", false)]
    [InlineData("*/*", "openai/gpt-4o", true)]
    [InlineData("*", "meta-llama/llama-3.3-70b-instruct:free", true)]
    [InlineData("*gemini*", "google/gemini-2.5-pro", true)]
    [InlineData("*gemini*flash", "google/gemini-2.5-flash", true)]
    [InlineData("*gemini*flash", "google/gemini-2.5-flash-lite", false)]
    [InlineData("google/gemini-*-pro", "google/gemini-2.5-pro", true)]
    [InlineData("a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false)]
    public void Matching_follows_the_glob(string pattern, string modelId, bool matches) =>
        Assert.Equal(matches, ModelPattern.Parse(pattern).Matches(modelId));

    [Theory]
    [InlineData("OpenAI/GPT-4o")]
    [InlineData("OPENAI/GPT-4O-MINI")]
    public void Matching_ignores_the_letter_case_of_the_model_id(string modelId) =>
        Assert.True(ModelPattern.Parse("openai/gpt-4o*").Matches(modelId));

    [Fact]
    public void Only_a_pattern_with_a_star_is_a_wildcard()
    {
        Assert.True(ModelPattern.Parse("anthropic/*").HasWildcard);
        Assert.False(ModelPattern.Parse("openrouter/auto").HasWildcard);
    }

    [Fact]
    public void Patterns_with_the_same_text_are_equal() =>
        Assert.Equal(ModelPattern.Parse("Anthropic/*"), ModelPattern.Parse("anthropic/*"));

    [Fact]
    public void Parsing_a_bad_stored_pattern_throws() =>
        Assert.Throws<FormatException>(() => ModelPattern.Parse("not valid"));
}
