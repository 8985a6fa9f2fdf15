namespace OpenRouterSaaS.Application.Usage;

/// <summary>The rule for a report's range of days, shared by the query's validator and the pages that offer the range.</summary>
public static class ReportRange
{
    public const int MaxDays = 366;
    public const string ReversedMessage = "The first day must be on or before the last day.";
    public const string TooLongMessage = "Choose at most 366 days.";

    /// <summary>Why the range cannot be reported, or null when it can.</summary>
    public static string? Check(DateOnly from, DateOnly to) =>
        from > to ? ReversedMessage : to.DayNumber - from.DayNumber >= MaxDays ? TooLongMessage : null;
}
