namespace OpenRouterSimulator.Accounting;

/// <summary>The UTC day, week (Monday first) and month OpenRouter's usage windows are counted in.</summary>
internal static class UtcCalendar
{
    public static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    public static DateOnly WeekStart(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    public static DateOnly MonthStart(DateOnly day) => new(day.Year, day.Month, 1);

    /// <summary>ISO 8601 with a <c>Z</c>, the way OpenRouter writes timestamps.</summary>
    public static string Iso(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    public static string? Iso(DateTimeOffset? time) => time is { } value ? Iso(value) : null;
}
