using System.Globalization;
using FluentValidation;
using OpenRouterSaaS.Domain.Budgets;

namespace OpenRouterSaaS.Application.Budgets.SetBudgetLimits;

public sealed class SetBudgetLimitsValidator : AbstractValidator<SetBudgetLimitsCommand>
{
    public static readonly string AlertPercentMessage = string.Create(CultureInfo.InvariantCulture,
        $"Enter the alert threshold as a whole number of percent, from {BudgetLimits.MinAlertPercent} to {BudgetLimits.MaxAlertPercent}.");

    public static readonly string MaxTokensFormatMessage = string.Create(CultureInfo.InvariantCulture,
        $"Enter the default max tokens as a whole number, such as 4096, or leave it blank to use the app's default of {BudgetEstimate.DefaultMaxTokens:N0}.");

    public static readonly string MaxTokensRangeMessage = string.Create(CultureInfo.InvariantCulture,
        $"The default max tokens must be from 1 to {BudgetLimits.MaxDefaultMaxTokens:N0}.");

    public SetBudgetLimitsValidator()
    {
        RuleFor(command => command.MonthlyLimitUsd).Limit("the tenant's monthly limit", blankMeans: "for no limit");
        RuleFor(command => command.MemberMonthlyLimitUsd).Limit("the default monthly limit per member", blankMeans: "for no limit");
        RuleFor(command => command.AlertPercent)
            .Must(text => BudgetInput.WholeNumber(text) is >= BudgetLimits.MinAlertPercent and <= BudgetLimits.MaxAlertPercent)
            .WithMessage(AlertPercentMessage);
        RuleFor(command => command.DefaultMaxTokens).Custom((text, context) =>
        {
            if (BudgetInput.IsBlank(text))
            {
                return;
            }

            if (BudgetInput.WholeNumber(text) is not { } tokens)
            {
                context.AddFailure(MaxTokensFormatMessage);
            }
            else if (tokens is < 1 or > BudgetLimits.MaxDefaultMaxTokens)
            {
                context.AddFailure(MaxTokensRangeMessage);
            }
        });
    }
}
