using FluentValidation;
using OpenRouterSaaS.Domain.Audit;

namespace OpenRouterSaaS.Application.Audit.GetAuditLog;

public sealed class GetAuditLogValidator : AbstractValidator<GetAuditLogQuery>
{
    public const int MaxPage = 10_000;
    public const string UnknownActionMessage = "Choose an action from the list.";
    public const string RangeMessage = "The first day must be on or before the last day.";
    public const string PageMessage = "There is no such page.";

    public GetAuditLogValidator()
    {
        RuleFor(query => query.Action)
            .Must(action => string.IsNullOrEmpty(action) || AuditActions.All.Contains(action))
            .WithMessage(UnknownActionMessage);
        RuleFor(query => query.To)
            .Must((query, to) => query.From is not { } from || to is not { } last || from <= last)
            .WithMessage(RangeMessage);
        RuleFor(query => query.Page).InclusiveBetween(1, MaxPage).WithMessage(PageMessage);
    }
}
