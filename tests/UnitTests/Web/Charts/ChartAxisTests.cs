using OpenRouterSaaS.Web.Charts;

namespace OpenRouterSaaS.UnitTests.Web.Charts;

/// <summary>An axis reads at a glance: it starts at zero, ends at or just above the largest value, and steps by 1, 2 or 5 times a power of ten.</summary>
public sealed class ChartAxisTests
{
    [Theory]
    [InlineData("0.60", "0.2", "0.6")]
    [InlineData("4.1", "2", "6")]
    [InlineData("10", "5", "10")]
    [InlineData("1", "0.5", "1")]
    [InlineData("3.5", "1", "4")]
    [InlineData("0.0003", "0.0001", "0.0003")]
    [InlineData("0.000123", "0.00005", "0.00015")]
    [InlineData("1234", "500", "1500")]
    [InlineData("99999", "50000", "100000")]
    public void Steps_are_round_and_the_top_is_the_first_step_at_or_above_the_largest_value(string largest, string step, string max)
    {
        var axis = ChartAxis.For(decimal.Parse(largest, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(decimal.Parse(step, System.Globalization.CultureInfo.InvariantCulture), axis.Step);
        Assert.Equal(decimal.Parse(max, System.Globalization.CultureInfo.InvariantCulture), axis.Max);
    }

    [Theory]
    [InlineData(0.01)]
    [InlineData(0.37)]
    [InlineData(1)]
    [InlineData(7.77)]
    [InlineData(42)]
    [InlineData(123456.78)]
    public void Ticks_run_from_zero_to_the_top_a_step_apart_and_are_few(double largest)
    {
        var axis = ChartAxis.For((decimal)largest);

        Assert.Equal(0m, axis.Ticks[0]);
        Assert.Equal(axis.Max, axis.Ticks[^1]);
        Assert.All(axis.Ticks.Zip(axis.Ticks.Skip(1)), pair => Assert.Equal(axis.Step, pair.Second - pair.First));
        Assert.InRange(axis.Ticks.Count, 3, ChartAxis.DefaultSteps + 1);
        Assert.True(axis.Max >= (decimal)largest, "The axis ends below the largest value.");
        Assert.True(axis.Max - axis.Step < (decimal)largest, "The axis has a step more than it needs.");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void With_nothing_above_zero_the_axis_is_a_plain_zero_to_one(double largest)
    {
        var axis = ChartAxis.For((decimal)largest);

        Assert.Equal([0m, 0.25m, 0.5m, 0.75m, 1m], axis.Ticks);
    }

    [Theory]
    [InlineData("0.60", new[] { "0.00", "0.20", "0.40", "0.60" })]
    [InlineData("0.0003", new[] { "0.0000", "0.0001", "0.0002", "0.0003" })]
    [InlineData("1234", new[] { "0.00", "500.00", "1,000.00", "1,500.00" })]
    public void Tick_labels_show_cents_or_as_many_decimals_as_tell_the_ticks_apart(string largest, string[] labels)
    {
        var axis = ChartAxis.For(decimal.Parse(largest, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(labels, axis.Ticks.Select(axis.Format));
    }

    [Fact]
    public void A_value_sits_at_its_fraction_of_the_axis_and_outside_values_are_clamped()
    {
        var axis = ChartAxis.For(0.6m);

        Assert.Equal(0.5, axis.Fraction(0.3m), precision: 10);
        Assert.Equal(1.0, axis.Fraction(0.6m), precision: 10);
        Assert.Equal(0.0, axis.Fraction(-1m), precision: 10);
        Assert.Equal(1.0, axis.Fraction(7m), precision: 10);
    }
}
