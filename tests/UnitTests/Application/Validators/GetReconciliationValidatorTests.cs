using OpenRouterSaaS.Application.Usage;
using OpenRouterSaaS.Application.Usage.GetReconciliation;

namespace OpenRouterSaaS.UnitTests.Application.Validators;

public sealed class GetReconciliationValidatorTests
{
    private static readonly DateOnly Day = new(2027, 5, 1);
    private readonly GetReconciliationValidator _validator = new();

    [Fact]
    public void One_day_and_a_year_of_days_pass()
    {
        Assert.Empty(Messages(new GetReconciliationQuery(Day, Day)));
        Assert.Empty(Messages(new GetReconciliationQuery(Day, Day.AddDays(ReportRange.MaxDays - 1))));
    }

    [Fact]
    public void A_reversed_range_is_refused() =>
        Assert.Equal([ReportRange.ReversedMessage], Messages(new GetReconciliationQuery(Day, Day.AddDays(-1))));

    [Fact]
    public void More_than_a_year_of_days_is_refused() =>
        Assert.Equal([ReportRange.TooLongMessage], Messages(new GetReconciliationQuery(Day, Day.AddDays(ReportRange.MaxDays))));

    private List<string> Messages(GetReconciliationQuery query) => [.. _validator.Validate(query).Errors.Select(error => error.ErrorMessage)];
}
