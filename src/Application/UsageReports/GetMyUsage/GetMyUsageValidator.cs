using FluentValidation;

namespace OpenRouterSaaS.Application.UsageReports.GetMyUsage;

public sealed class GetMyUsageValidator : AbstractValidator<GetMyUsageQuery>
{
    public GetMyUsageValidator() =>
        RuleFor(query => query.Page).InclusiveBetween(1, UsageCalls.MaxPage).WithMessage(UsageCalls.NoSuchPageMessage);
}
