using OpenRouterSaaS.Web.Charts;

namespace OpenRouterSaaS.UnitTests.Web.Charts;

/// <summary>Bars stand on the baseline in order, their heights in proportion, and category labels never crowd each other.</summary>
public sealed class BarChartLayoutTests
{
    [Fact]
    public void Bars_stand_on_the_baseline_side_by_side_with_heights_in_proportion()
    {
        var layout = new BarChartLayout(Chart(0.6m, 0.3m, 0m));

        var (full, half, zero) = (layout.Columns[0], layout.Columns[1], layout.Columns[2]);
        Assert.Equal(BarChartLayout.Baseline, full.BarY + full.BarHeight, precision: 6);
        Assert.Equal(BarChartLayout.PlotTop, full.BarY, precision: 6);
        Assert.Equal(full.BarHeight / 2, half.BarHeight, precision: 6);
        Assert.Equal(0, zero.BarHeight, precision: 6);
        Assert.True(full.X < half.X && half.X < zero.X, "The bars are not in order.");
        Assert.Equal(BarChartLayout.PlotRight, zero.X + zero.Width, precision: 6);
        Assert.All(layout.Columns, column => Assert.InRange(column.BarX, column.X, column.X + column.Width - column.BarWidth));
    }

    [Fact]
    public void Ticks_run_from_the_baseline_up_to_the_top_with_the_unit()
    {
        var layout = new BarChartLayout(Chart(0.6m));

        Assert.Equal(["$0.00", "$0.20", "$0.40", "$0.60"], layout.Ticks.Select(tick => tick.Label));
        Assert.Equal(BarChartLayout.Baseline, layout.Ticks[0].Y, precision: 6);
        Assert.Equal(BarChartLayout.PlotTop, layout.Ticks[^1].Y, precision: 6);
    }

    [Theory]
    [InlineData(7, 1)]
    [InlineData(31, 1)]
    [InlineData(90, 3)]
    [InlineData(366, 15)] // three-digit labels
    public void Category_labels_are_thinned_so_that_they_never_overlap(int bars, int every)
    {
        var layout = new BarChartLayout(Chart([.. Enumerable.Repeat(1m, bars)]));

        Assert.Equal(every, layout.LabelEvery);
        var labelled = layout.Columns.Where(column => column.AxisLabel is not null).ToList();
        Assert.Equal("1", labelled[0].AxisLabel);
        Assert.All(labelled.Zip(labelled.Skip(1)), pair => Assert.True(pair.Second.Middle - pair.First.Middle >= BarChartLayout.LabelWidth(pair.First.AxisLabel!), "Two labels overlap."));
    }

    [Fact]
    public void A_chart_without_bars_still_has_its_axis()
    {
        var layout = new BarChartLayout(Chart());

        Assert.Empty(layout.Columns);
        Assert.Equal(5, layout.Ticks.Count);
    }

    [Fact]
    public void Hover_text_names_the_category_the_value_and_the_detail()
    {
        Assert.Equal("3 March 2026: $1.20 (4 calls)", new ChartBar("3 March 2026", "3", 1.2m, "$1.20", "4 calls").HoverText);
        Assert.Equal("3 March 2026: $1.20", new ChartBar("3 March 2026", "3", 1.2m, "$1.20").HoverText);
    }

    [Fact]
    public void Coordinates_have_at_most_two_decimals()
    {
        Assert.Equal("12.35", BarChartLayout.Svg(12.345678));
        Assert.Equal("7", BarChartLayout.Svg(7.0));
    }

    private static BarChart Chart(params decimal[] values) =>
        new("chart", "Spend", "Spend by day.", "$", "Day", "Spend",
            [.. values.Select((value, index) => new ChartBar($"Day {index + 1}", (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), value, $"${value:0.00}"))]);
}
