namespace OpenRouterSaaS.Web.Charts;

/// <summary>
/// What a bar chart shows, before it is laid out: a title, a sentence that says what the chart says (its text
/// alternative), and one bar per category, in order.
/// </summary>
/// <param name="Id">Unique on the page; the chart's elements are named after it.</param>
/// <param name="Unit">Written before every value on the axis, e.g. "$".</param>
/// <param name="CategoryHeading">The table's heading for the categories, e.g. "Day".</param>
/// <param name="ValueHeading">The table's heading for the values, e.g. "Spend".</param>
public sealed record BarChart(string Id, string Title, string Description, string Unit, string CategoryHeading, string ValueHeading, IReadOnlyList<ChartBar> Bars);

/// <param name="Label">The category in full, e.g. "3 November 2026", for the hover text and the table.</param>
/// <param name="AxisLabel">The category under its bar, e.g. "3"; crowded labels are skipped, never overlapped.</param>
/// <param name="Value">What the bar's height shows.</param>
/// <param name="ValueText">The value as a person reads it, e.g. "$1.20".</param>
/// <param name="Detail">Said after the value in the hover text and the table, e.g. "4 calls"; optional.</param>
public sealed record ChartBar(string Label, string AxisLabel, decimal Value, string ValueText, string? Detail = null)
{
    /// <summary>What hovering the bar says: "3 November 2026: $1.20 (4 calls)".</summary>
    public string HoverText => Detail is null ? $"{Label}: {ValueText}" : $"{Label}: {ValueText} ({Detail})";
}
