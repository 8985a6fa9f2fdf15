using OpenRouterSaaS.Domain.Budgets;
using OpenRouterSaaS.Domain.Models;

namespace OpenRouterSaaS.UnitTests.Domain;

public sealed class BudgetEstimateTests
{
    // 3 USD and 15 USD per million tokens, as OpenRouter lists them per token.
    private static readonly ModelPricing Pricing = new(Prompt: 0.000003m, Completion: 0.000015m);

    [Fact]
    public void Prompt_characters_count_as_a_token_per_four_rounded_up_and_max_tokens_at_the_completion_price()
    {
        // 4001 characters: 1001 tokens; 500 completion tokens.
        var estimate = BudgetEstimate.Of(4001, 500, Pricing, defaultMaxTokens: 4096);

        Assert.Equal(1001 * 0.000003m + 500 * 0.000015m, estimate);
        Assert.Equal(0.010503m, estimate);
    }

    [Fact]
    public void A_request_without_max_tokens_is_estimated_at_the_tenants_cap()
    {
        Assert.Equal(2048 * 0.000015m, BudgetEstimate.Of(0, null, Pricing, defaultMaxTokens: 2048));
        Assert.Equal(4096 * 0.000015m, BudgetEstimate.Of(0, null, Pricing, BudgetEstimate.DefaultMaxTokens));
    }

    [Fact]
    public void A_per_request_price_is_added_and_a_free_model_costs_nothing()
    {
        Assert.Equal(1 * 0.000003m + 10 * 0.000015m + 0.002m, BudgetEstimate.Of(4, 10, Pricing with { Request = 0.002m }, 4096));
        Assert.Equal(0m, BudgetEstimate.Of(1_000_000, 100_000, new ModelPricing(0m, 0m), 4096));
    }

    [Fact]
    public void The_estimate_is_exact_decimal_arithmetic_without_binary_rounding()
    {
        // 0.1 + 0.2 style sums stay exact: 3 tokens at 0.0000001 plus 7 at 0.0000002.
        Assert.Equal(0.0000017m, BudgetEstimate.Of(12, 7, new ModelPricing(0.0000001m, 0.0000002m), 4096));
    }

    [Fact]
    public void A_variable_price_or_a_nonpositive_max_tokens_is_refused()
    {
        Assert.Throws<ArgumentException>(() => BudgetEstimate.Of(10, 10, new ModelPricing(null, null), 4096));
        Assert.Throws<ArgumentOutOfRangeException>(() => BudgetEstimate.Of(10, 0, Pricing, 4096));
        Assert.Throws<ArgumentOutOfRangeException>(() => BudgetEstimate.Of(10, -5, Pricing, 4096));
        Assert.Throws<ArgumentOutOfRangeException>(() => BudgetEstimate.Of(-1, 10, Pricing, 4096));
    }

    [Theory]
    [InlineData("2026-03-31T23:59:59+00:00", "2026-03-01")]
    [InlineData("2026-04-01T00:30:00+02:00", "2026-03-01")]
    [InlineData("2026-04-01T00:00:00+00:00", "2026-04-01")]
    public void A_budget_month_is_the_utc_calendar_month(string instant, string month)
    {
        Assert.Equal(DateOnly.Parse(month, System.Globalization.CultureInfo.InvariantCulture),
            BudgetMonth.Of(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture)));
    }
}
