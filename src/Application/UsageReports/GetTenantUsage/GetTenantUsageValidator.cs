using FluentValidation;

namespace OpenRouterSaaS.Application.UsageReports.GetTenantUsage;

public sealed class GetTenantUsageValidator : AbstractValidator<GetTenantUsageQuery>
{
    public GetTenantUsageValidator(TimeProvider clock)
    {
        RuleFor(query => query.Filter).SetValidator(new UsageFilterValidator(clock));
        RuleFor(query => query.Page).InclusiveBetween(1, UsageCalls.MaxPage).WithMessage(UsageCalls.NoSuchPageMessage);
    }
}
