using FluentValidation;

namespace OpenRouterSaaS.Application.UsageReports.ExportUsage;

public sealed class ExportUsageValidator : AbstractValidator<ExportUsageQuery>
{
    public ExportUsageValidator(TimeProvider clock) => RuleFor(query => query.Filter).SetValidator(new UsageFilterValidator(clock));
}
