using FluentValidation;
using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.Domain.Usage;

namespace OpenRouterSaaS.Application.UsageReports;

/// <summary>The rules a report's or an export's days and filters follow, with messages that say how to put them right.</summary>
public sealed class UsageFilterValidator : AbstractValidator<UsageFilter>
{
    public static readonly DateOnly EarliestDay = new(2000, 1, 1);
    public static readonly DateOnly LatestDay = new(2099, 12, 31);

    public const string DayOutOfBoundsMessage = "Enter days between 2000-01-01 and 2099-12-31.";
    public const string ReversedMessage = "The first day must be on or before the last day.";
    public const string KeyKindMessage = "Choose the key kind from the list: personal key or tenant shared key.";
    public const string ModelMessage = "That is not a model name.";

    public static string TooLongMessage(int days) =>
        $"Choose a range of at most {UsageRange.MaxDays} days; this one has {days}. For a longer period, export it a year at a time.";

    public UsageFilterValidator(TimeProvider clock)
    {
        RuleFor(filter => filter.From).Must(day => day is not { } value || InBounds(value)).WithMessage(DayOutOfBoundsMessage);
        RuleFor(filter => filter.To).Must(day => day is not { } value || InBounds(value)).WithMessage(DayOutOfBoundsMessage);
        RuleFor(filter => filter.KeyKind).Must(kind => kind is null or CredentialKind.Personal or CredentialKind.Shared).WithMessage(KeyKindMessage);
        RuleFor(filter => filter.Model).MaximumLength(UsageRecord.ModelMaxLength).WithMessage(ModelMessage);

        // The range rules read the days with their defaults filled in, and only once each day is a sensible one.
        When(filter => (filter.From is not { } from || InBounds(from)) && (filter.To is not { } to || InBounds(to)), () =>
        {
            RuleFor(filter => filter.To)
                .Must((filter, _) => Range(filter).From <= Range(filter).To).WithMessage(ReversedMessage)
                .DependentRules(() => RuleFor(filter => filter.To)
                    .Must((filter, _) => Range(filter).Days <= UsageRange.MaxDays)
                    .WithMessage((filter, _) => TooLongMessage(Range(filter).Days)));
        });

        UsageRange Range(UsageFilter filter) => filter.RangeOn(UsageRange.Today(clock));
    }

    private static bool InBounds(DateOnly day) => day >= EarliestDay && day <= LatestDay;
}
