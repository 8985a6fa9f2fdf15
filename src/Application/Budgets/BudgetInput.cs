using System.Globalization;
using FluentValidation;
using OpenRouterSaaS.Domain.Budgets;

namespace OpenRouterSaaS.Application.Budgets;

/// <summary>Reads what an admin types into the budgets page: dollar amounts, a percentage, a token count.</summary>
public static class BudgetInput
{
    private const NumberStyles AmountStyle = NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite
        | NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowThousands;

    public static bool IsBlank(string? text) => string.IsNullOrWhiteSpace(text);

    /// <summary>An amount as people type it ("250", "99.50", "$1,200"); null when the text is not one.</summary>
    public static decimal? Usd(string? text)
    {
        var trimmed = text?.Trim() ?? "";
        if (trimmed.StartsWith('$'))
        {
            trimmed = trimmed[1..];
        }

        return decimal.TryParse(trimmed, AmountStyle, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    /// <summary>A whole number ("80", "4,096"); null when the text is not one.</summary>
    public static int? WholeNumber(string? text) =>
        int.TryParse(text?.Trim(), AmountStyle & ~NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>An amount as messages print it: cents, and further decimals only when the amount has them.</summary>
    public static string Text(decimal usd) => "$" + usd.ToString("#,0.00####", CultureInfo.InvariantCulture);

    /// <summary>The field holds a limit an admin may set, or is blank when <paramref name="blankMeans"/> says what blank does.</summary>
    /// <param name="name">The limit in words, as a sentence names it: "the tenant's monthly limit".</param>
    /// <param name="blankMeans">The end of "or leave it blank …" when blank is allowed ("for no limit"); null when a value is needed.</param>
    public static IRuleBuilderOptionsConditions<T, string?> Limit<T>(this IRuleBuilder<T, string?> rule, string name, string? blankMeans) =>
        rule.Custom((text, context) =>
        {
            if (LimitProblem(text, name, blankMeans) is { } problem)
            {
                context.AddFailure(problem);
            }
        });

    private static string? LimitProblem(string? text, string name, string? blankMeans)
    {
        if (IsBlank(text) && blankMeans is not null)
        {
            return null;
        }

        var subject = char.ToUpperInvariant(name[0]) + name[1..];
        return Usd(text) switch
        {
            null => $"Enter {name} in US dollars, such as 250 or 99.50{(blankMeans is null ? "" : ", or leave it blank " + blankMeans)}.",
            < 0m => $"{subject} cannot be negative: enter 0 or more.",
            > BudgetLimits.MaxLimitUsd => $"{subject} can be at most {Text(BudgetLimits.MaxLimitUsd)}.",
            { } value when !BudgetLimits.IsValidLimit(value) => $"{subject} can have at most {BudgetLimits.MaxDecimals} decimals.",
            _ => null,
        };
    }
}
