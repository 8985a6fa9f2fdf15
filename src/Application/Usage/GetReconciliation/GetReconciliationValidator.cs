using FluentValidation;

namespace OpenRouterSaaS.Application.Usage.GetReconciliation;

public sealed class GetReconciliationValidator : AbstractValidator<GetReconciliationQuery>
{
    public GetReconciliationValidator()
    {
        RuleFor(query => query.To)
            .Must((query, to) => ReportRange.Check(query.From, to) is null)
            .WithMessage(query => ReportRange.Check(query.From, query.To)!);
    }
}
