using System.Globalization;

namespace OpenRouterSaaS.Web.Charts;

/// <summary>
/// Where everything of a <see cref="BarChart"/> goes in an SVG of <see cref="Width"/> by <see cref="Height"/> units:
/// the value axis on the left with its ticks, one column per bar, and the category labels below, thinned so they
/// never overlap. The SVG scales to its container; these are its own units.
/// </summary>
public sealed class BarChartLayout
{
    public const double Width = 720;
    public const double Height = 260;

    private const double Left = 64;
    private const double Right = 8;
    private const double Top = 12;
    private const double Bottom = 28;

    /// <summary>About how wide one character of a category label is (11px text), and the gap a label keeps from the next.</summary>
    private const double CharacterWidth = 6.5;
    private const double LabelGap = 6;

    /// <summary>The share of a column its bar fills; the rest is the gap between bars.</summary>
    private const double BarShare = 0.72;

    public BarChartLayout(BarChart chart)
    {
        Chart = chart;
        Axis = ChartAxis.For(chart.Bars.Count == 0 ? 0m : chart.Bars.Max(bar => bar.Value));
        var columnWidth = chart.Bars.Count == 0 ? PlotWidth : PlotWidth / chart.Bars.Count;
        var labelRoom = chart.Bars.Count == 0 ? 0 : chart.Bars.Max(bar => LabelWidth(bar.AxisLabel));
        LabelEvery = Math.Max(1, (int)Math.Ceiling(labelRoom / columnWidth));
        Ticks = Axis.Ticks.Select(tick => new PlacedTick(YOf(tick), chart.Unit + Axis.Format(tick))).ToList();
        Columns = chart.Bars.Select((bar, index) =>
        {
            var x = Left + index * columnWidth;
            var barWidth = Math.Max(1, columnWidth * BarShare);
            var top = YOf(bar.Value);
            return new PlacedColumn(
                bar,
                x,
                columnWidth,
                x + (columnWidth - barWidth) / 2,
                barWidth,
                top,
                Baseline - top,
                index % LabelEvery == 0 ? bar.AxisLabel : null);
        }).ToList();
    }

    public BarChart Chart { get; }

    public ChartAxis Axis { get; }

    /// <summary>Only every n-th category is labelled, so that labels never overlap (1: all of them).</summary>
    public int LabelEvery { get; }

    public IReadOnlyList<PlacedTick> Ticks { get; }

    public IReadOnlyList<PlacedColumn> Columns { get; }

    public static double PlotLeft => Left;

    public static double PlotRight => Width - Right;

    public static double PlotTop => Top;

    /// <summary>The y of the value zero: the category axis.</summary>
    public static double Baseline => Height - Bottom;

    /// <summary>Where the category labels' text sits.</summary>
    public static double LabelY => Baseline + 18;

    /// <summary>The room a category label needs along the axis, its gap to the next included.</summary>
    public static double LabelWidth(string label) => label.Length * CharacterWidth + LabelGap;

    /// <summary>A coordinate as SVG wants it: invariant, at most two decimals.</summary>
    public static string Svg(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static double PlotWidth => Width - Left - Right;

    private double YOf(decimal value) => Baseline - Axis.Fraction(value) * (Baseline - Top);
}

/// <param name="Y">Where the tick's grid line runs.</param>
/// <param name="Label">The tick's value with the chart's unit, e.g. "$0.05".</param>
public sealed record PlacedTick(double Y, string Label);

/// <summary>One bar's column: the whole column answers to hovering (so a zero bar has its hover text too), the bar within it shows the value.</summary>
/// <param name="AxisLabel">Null where labels are thinned out.</param>
public sealed record PlacedColumn(ChartBar Bar, double X, double Width, double BarX, double BarWidth, double BarY, double BarHeight, string? AxisLabel)
{
    /// <summary>The middle of the column, where its label is centred.</summary>
    public double Middle => X + Width / 2;
}
