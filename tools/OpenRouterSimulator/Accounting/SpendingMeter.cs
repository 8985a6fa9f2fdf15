namespace OpenRouterSimulator.Accounting;

/// <summary>Spend of one key, per UTC day, so daily, weekly and monthly usage can be read back.</summary>
internal sealed class SpendingMeter
{
    private readonly Lock _gate = new();
    private readonly Dictionary<DateOnly, decimal> _byDay = [];
    private decimal _total;

    public void Add(DateOnly day, decimal amount)
    {
        lock (_gate)
        {
            _total += amount;
            _byDay[day] = _byDay.GetValueOrDefault(day) + amount;
        }
    }

    public SpendTotals Read(DateOnly today)
    {
        var weekStart = UtcCalendar.WeekStart(today);
        var monthStart = UtcCalendar.MonthStart(today);
        lock (_gate)
        {
            decimal daily = 0, weekly = 0, monthly = 0;
            foreach (var (day, amount) in _byDay)
            {
                if (day == today)
                {
                    daily += amount;
                }

                if (day >= weekStart && day <= today)
                {
                    weekly += amount;
                }

                if (day >= monthStart && day <= today)
                {
                    monthly += amount;
                }
            }

            return new SpendTotals(_total, daily, weekly, monthly);
        }
    }
}

/// <summary>Spend all-time and in the current UTC day, week and month.</summary>
internal readonly record struct SpendTotals(decimal Total, decimal Daily, decimal Weekly, decimal Monthly)
{
    /// <summary>The spend a limit with this reset is measured against.</summary>
    public decimal In(LimitReset reset) => reset switch
    {
        LimitReset.Daily => Daily,
        LimitReset.Weekly => Weekly,
        LimitReset.Monthly => Monthly,
        _ => Total,
    };
}
