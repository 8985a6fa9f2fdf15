using OpenRouterSaaS.Web.Csv;

namespace OpenRouterSaaS.UnitTests.Web;

/// <summary>CSV as spreadsheets and parsers read it, with nothing a spreadsheet would run as a formula.</summary>
public sealed class CsvWriterTests
{
    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData("openai/gpt-4o-mini", "openai/gpt-4o-mini")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+1", "'+1")]
    [InlineData("-1", "'-1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tx", "'\tx")]
    [InlineData("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"")]
    [InlineData("a=b", "a=b")]
    public void Text_is_quoted_when_needed_and_formulas_are_neutralised(string? value, string field) =>
        Assert.Equal(field, CsvWriter.Field(value));

    [Fact]
    public async Task Fields_are_separated_by_commas_and_lines_end_with_CRLF()
    {
        using var text = new StringWriter();
        var csv = new CsvWriter(text);

        await csv.Text(null).Number(-3).Number(0.000120m).Number((decimal?)null).Boolean(true).EndLineAsync();
        await csv.Time(new DateTimeOffset(2027, 1, 31, 9, 5, 0, 7, TimeSpan.FromHours(2))).Text("x").EndLineAsync();

        Assert.Equal(",-3,0.00012,,true\r\n2027-01-31T07:05:00.007Z,x\r\n", text.ToString());
    }
}
