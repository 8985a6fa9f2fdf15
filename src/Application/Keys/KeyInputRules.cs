using FluentValidation;
using OpenRouterSaaS.Domain.Credentials;

namespace OpenRouterSaaS.Application.Keys;

internal static class KeyInputRules
{
    /// <summary>The key's shape (<see cref="OpenRouterKeyFormat.Problem"/>); the message never repeats the key.</summary>
    public static IRuleBuilderOptionsConditions<T, string> ValidOpenRouterKey<T>(this IRuleBuilder<T, string> rule) =>
        rule.Custom((key, context) =>
        {
            if (OpenRouterKeyFormat.Problem(key) is { } problem)
            {
                context.AddFailure(problem);
            }
        });

    public static IRuleBuilderOptions<T, DateOnly?> ExpiryAfterToday<T>(this IRuleBuilder<T, DateOnly?> rule, TimeProvider clock) =>
        rule.Must(day => day is null || day > DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime))
            .WithMessage("Choose an expiry date after today (UTC), or leave it empty for no expiry.");
}
