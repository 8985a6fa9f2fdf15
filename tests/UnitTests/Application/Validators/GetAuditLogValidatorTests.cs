using OpenRouterSaaS.Application.Audit.GetAuditLog;
using OpenRouterSaaS.Domain.Audit;

namespace OpenRouterSaaS.UnitTests.Application.Validators;

public sealed class GetAuditLogValidatorTests
{
    private readonly GetAuditLogValidator _validator = new();

    [Fact]
    public void No_filters_and_every_known_action_pass()
    {
        Assert.True(_validator.Validate(new GetAuditLogQuery()).IsValid);
        Assert.All(AuditActions.All, action => Assert.True(_validator.Validate(new GetAuditLogQuery(Action: action)).IsValid));
    }

    [Fact]
    public void An_unknown_action_is_refused() =>
        Assert.Equal([GetAuditLogValidator.UnknownActionMessage], Messages(new GetAuditLogQuery(Action: "token.stolen")));

    [Fact]
    public void A_range_that_ends_before_it_starts_is_refused_but_one_day_is_fine()
    {
        var day = new DateOnly(2027, 5, 1);

        Assert.Equal([GetAuditLogValidator.RangeMessage], Messages(new GetAuditLogQuery(From: day, To: day.AddDays(-1))));
        Assert.Empty(Messages(new GetAuditLogQuery(From: day, To: day)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    [InlineData(GetAuditLogValidator.MaxPage + 1)]
    public void A_page_out_of_range_is_refused(int page) =>
        Assert.Equal([GetAuditLogValidator.PageMessage], Messages(new GetAuditLogQuery(Page: page)));

    private string[] Messages(GetAuditLogQuery query) => _validator.Validate(query).Errors.Select(error => error.ErrorMessage).ToArray();
}
