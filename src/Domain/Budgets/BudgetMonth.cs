namespace OpenRouterSaaS.Domain.Budgets;

/// <summary>Budgets run per UTC calendar month, named by the month's first day.</summary>
public static class BudgetMonth
{
    public static DateOnly Of(DateTimeOffset instant)
    {
        var utc = instant.UtcDateTime;
        return new DateOnly(utc.Year, utc.Month, 1);
    }

    public static DateOnly Normalise(DateOnly day) => new(day.Year, day.Month, 1);
}
