using OpenRouterSaaS.Application.UsageReports;
using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.UnitTests.Fakes;

namespace OpenRouterSaaS.UnitTests.Application.UsageReports;

public sealed class UsageFilterValidatorTests
{
    private static readonly DateOnly Today = new(2027, 3, 15);
    private readonly UsageFilterValidator _validator = new(new FixedClock(new DateTimeOffset(2027, 3, 15, 10, 0, 0, TimeSpan.Zero)));

    [Fact]
    public void Without_days_a_report_covers_this_month_so_far()
    {
        Assert.Equal(new UsageRange(new DateOnly(2027, 3, 1), Today), new UsageFilter().RangeOn(Today));
        Assert.Equal(new UsageRange(new DateOnly(2027, 1, 1), new DateOnly(2027, 1, 20)), new UsageFilter(To: new DateOnly(2027, 1, 20)).RangeOn(Today));
        Assert.Equal(new UsageRange(new DateOnly(2026, 12, 24), Today), new UsageFilter(From: new DateOnly(2026, 12, 24)).RangeOn(Today));
    }

    [Theory]
    [InlineData("2027-03-01", "2027-03-01")]
    [InlineData("2026-03-15", "2027-03-15")] // 366 days, both ends included
    [InlineData("2030-01-01", "2030-01-31")]
    public void Sensible_ranges_pass(string from, string to) =>
        Assert.True(_validator.Validate(new UsageFilter(DateOnly.Parse(from), DateOnly.Parse(to))).IsValid);

    [Fact]
    public void A_reversed_range_is_refused_on_the_last_day()
    {
        var failure = Assert.Single(_validator.Validate(new UsageFilter(new DateOnly(2027, 3, 2), new DateOnly(2027, 3, 1))).Errors);

        Assert.Equal((nameof(UsageFilter.To), UsageFilterValidator.ReversedMessage), (failure.PropertyName, failure.ErrorMessage));
    }

    [Fact]
    public void A_first_day_after_today_without_a_last_day_is_a_reversed_range()
    {
        var failure = Assert.Single(_validator.Validate(new UsageFilter(From: new DateOnly(2027, 4, 1))).Errors);

        Assert.Equal(UsageFilterValidator.ReversedMessage, failure.ErrorMessage);
    }

    [Fact]
    public void A_range_over_366_days_is_refused_saying_how_long_it_is()
    {
        var failure = Assert.Single(_validator.Validate(new UsageFilter(new DateOnly(2026, 3, 14), new DateOnly(2027, 3, 15))).Errors);

        Assert.Equal(UsageFilterValidator.TooLongMessage(367), failure.ErrorMessage);
        Assert.StartsWith("Choose a range of at most 366 days; this one has 367.", failure.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1999-12-31", null)]
    [InlineData(null, "2100-01-01")]
    [InlineData("0001-01-01", "9999-12-31")]
    public void Days_out_of_all_reason_are_refused_without_computing_a_range(string? from, string? to)
    {
        var result = _validator.Validate(new UsageFilter(from is null ? null : DateOnly.Parse(from), to is null ? null : DateOnly.Parse(to)));

        Assert.NotEmpty(result.Errors);
        Assert.All(result.Errors, failure => Assert.Equal(UsageFilterValidator.DayOutOfBoundsMessage, failure.ErrorMessage));
    }

    [Fact]
    public void Only_the_two_kinds_of_key_that_pay_for_calls_can_be_chosen()
    {
        Assert.True(_validator.Validate(new UsageFilter(KeyKind: CredentialKind.Personal)).IsValid);
        Assert.True(_validator.Validate(new UsageFilter(KeyKind: CredentialKind.Shared)).IsValid);
        Assert.Equal(UsageFilterValidator.KeyKindMessage, Assert.Single(_validator.Validate(new UsageFilter(KeyKind: CredentialKind.Management)).Errors).ErrorMessage);
    }

    [Fact]
    public void A_model_name_longer_than_any_stored_is_refused() =>
        Assert.Equal(UsageFilterValidator.ModelMessage, Assert.Single(_validator.Validate(new UsageFilter(Model: new string('m', 201))).Errors).ErrorMessage);
}
