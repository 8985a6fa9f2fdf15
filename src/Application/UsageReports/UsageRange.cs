namespace OpenRouterSaaS.Application.UsageReports;

/// <summary>A run of whole UTC days, both ends included: the span a usage report covers.</summary>
public readonly record struct UsageRange(DateOnly From, DateOnly To)
{
    /// <summary>The longest range a report or an export covers: a year, leap day included.</summary>
    public const int MaxDays = 366;

    public int Days => To.DayNumber - From.DayNumber + 1;

    /// <summary>The first instant of the range.</summary>
    public DateTimeOffset Start => StartOf(From);

    /// <summary>The first instant after the range.</summary>
    public DateTimeOffset End => StartOf(To.AddDays(1));

    public IEnumerable<DateOnly> EachDay()
    {
        for (var day = From; day <= To; day = day.AddDays(1))
        {
            yield return day;
        }
    }

    /// <summary>The UTC month of <paramref name="today"/>, from its first day to <paramref name="today"/>.</summary>
    public static UsageRange MonthSoFar(DateOnly today) => new(new DateOnly(today.Year, today.Month, 1), today);

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    private static DateTimeOffset StartOf(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}
