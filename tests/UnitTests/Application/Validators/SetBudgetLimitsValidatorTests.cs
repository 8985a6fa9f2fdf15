using OpenRouterSaaS.Application.Budgets;
using OpenRouterSaaS.Application.Budgets.OverrideMemberLimit;
using OpenRouterSaaS.Application.Budgets.SetBudgetLimits;

namespace OpenRouterSaaS.UnitTests.Application.Validators;

public sealed class SetBudgetLimitsValidatorTests
{
    private readonly SetBudgetLimitsValidator _validator = new();

    [Theory]
    [InlineData("250", 250)]
    [InlineData(" 99.50 ", 99.50)]
    [InlineData("$1,200", 1200)]
    [InlineData("0", 0)]
    [InlineData("-3", -3)]
    public void Amounts_are_read_as_people_type_them(string text, double amount) =>
        Assert.Equal((decimal)amount, BudgetInput.Usd(text));

    [Theory]
    [InlineData("")]
    [InlineData("ten")]
    [InlineData("1e5")]
    [InlineData("12,50 €")]
    [InlineData("$")]
    public void Text_that_is_not_an_amount_reads_as_none(string text) => Assert.Null(BudgetInput.Usd(text));

    [Theory]
    [InlineData("", "", "80", "")]
    [InlineData("1000000", "0", "1", "1")]
    [InlineData("12.345678", " ", "100", "1,000,000")]
    public void Sensible_limits_pass(string tenant, string member, string percent, string maxTokens) =>
        Assert.True(_validator.Validate(new SetBudgetLimitsCommand(tenant, member, percent, maxTokens)).IsValid);

    [Fact]
    public void Every_bad_field_is_named_with_its_own_message()
    {
        var result = _validator.Validate(new SetBudgetLimitsCommand("-1", "abc", "0", "0"));

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["MonthlyLimitUsd"] = "The tenant's monthly limit cannot be negative: enter 0 or more.",
                ["MemberMonthlyLimitUsd"] = "Enter the default monthly limit per member in US dollars, such as 250 or 99.50, or leave it blank for no limit.",
                ["AlertPercent"] = SetBudgetLimitsValidator.AlertPercentMessage,
                ["DefaultMaxTokens"] = SetBudgetLimitsValidator.MaxTokensRangeMessage,
            },
            result.Errors.ToDictionary(error => error.PropertyName, error => error.ErrorMessage));
    }

    [Fact]
    public void A_members_own_limit_must_be_given_unless_it_is_being_cleared()
    {
        var validator = new OverrideMemberLimitValidator();

        Assert.True(validator.Validate(new OverrideMemberLimitCommand(Guid.NewGuid(), null)).IsValid);
        Assert.True(validator.Validate(new OverrideMemberLimitCommand(Guid.NewGuid(), "12.5")).IsValid);
        Assert.Equal(["Enter the member's monthly limit in US dollars, such as 250 or 99.50."],
            validator.Validate(new OverrideMemberLimitCommand(Guid.NewGuid(), " ")).Errors.Select(error => error.ErrorMessage));
        Assert.Equal(["The member's monthly limit can be at most $1,000,000.00."],
            validator.Validate(new OverrideMemberLimitCommand(Guid.NewGuid(), "1000001")).Errors.Select(error => error.ErrorMessage));
    }
}
