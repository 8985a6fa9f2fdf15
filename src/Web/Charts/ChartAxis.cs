using System.Globalization;

namespace OpenRouterSaaS.Web.Charts;

/// <summary>
/// A value axis from zero to a round maximum, with a few round ticks (steps of 1, 2 or 5 times a power of ten), so
/// that a chart reads at a glance: 0, $0.05, $0.10, $0.15 rather than 0, $0.0437, $0.0874.
/// </summary>
public sealed record ChartAxis
{
    /// <summary>About how many steps an axis has; it may have one fewer.</summary>
    public const int DefaultSteps = 4;

    private ChartAxis(decimal max, decimal step, int decimals)
    {
        Max = max;
        Step = step;
        Decimals = decimals;
        var ticks = new List<decimal>();
        for (var tick = 0m; tick <= max; tick += step)
        {
            ticks.Add(tick);
        }

        Ticks = ticks;
    }

    /// <summary>The top of the axis: the smallest multiple of <see cref="Step"/> at or above every value.</summary>
    public decimal Max { get; }

    public decimal Step { get; }

    /// <summary>From zero to <see cref="Max"/>, <see cref="Step"/> apart.</summary>
    public IReadOnlyList<decimal> Ticks { get; }

    /// <summary>The decimal places that tell the ticks apart (at least two, as for cents).</summary>
    public int Decimals { get; }

    /// <summary>An axis for values up to <paramref name="largest"/>; when nothing is above zero, a plain 0 to 1.</summary>
    public static ChartAxis For(decimal largest, int steps = DefaultSteps)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        if (largest <= 0m)
        {
            return new ChartAxis(1m, 0.25m, 2);
        }

        // The power of ten at or just below an even step, then 1, 2 or 5 times it, whichever first covers the step
        // (above 5 times, one of the next power).
        var rough = largest / steps;
        var power = 1m;
        var exponent = 0;
        while (rough >= power * 10m)
        {
            power *= 10m;
            exponent++;
        }

        while (rough < power)
        {
            power /= 10m;
            exponent--;
        }

        var multiple = rough / power;
        if (multiple > 5m)
        {
            (power, multiple) = (power * 10m, 1m);
            exponent++;
        }

        var step = power * (multiple <= 1m ? 1m : multiple <= 2m ? 2m : 5m);
        var max = Math.Ceiling(largest / step) * step;
        return new ChartAxis(max, step, Math.Max(2, -exponent));
    }

    /// <summary>Where <paramref name="value"/> sits on the axis, from 0 (bottom) to 1 (top); values outside are clamped.</summary>
    public double Fraction(decimal value) => (double)(Math.Clamp(value, 0m, Max) / Max);

    /// <summary>A tick as its label shows it, e.g. "0.05" or "1,200.00".</summary>
    public string Format(decimal tick) => tick.ToString("#,0." + new string('0', Decimals), CultureInfo.InvariantCulture);
}
