using System.Globalization;

namespace OpenRouterSaaS.Web.Csv;

/// <summary>
/// Writes CSV (RFC 4180: comma separated, CRLF line ends, a field quoted when it holds a comma, a quote or a line break,
/// its quotes doubled) to a <see cref="TextWriter"/> a line at a time, asynchronously (a response body allows nothing
/// else), so that a file of any length is never held whole.
/// Text that a spreadsheet would run as a formula (it starts with =, +, -, @, a tab or a carriage return) is written
/// with a leading apostrophe, so opening an export can never run what a caller put into a model name or an email.
/// </summary>
public sealed class CsvWriter(TextWriter writer)
{
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];
    private static readonly char[] NeedsQuotes = [',', '"', '\r', '\n'];

    /// <summary>Every significant digit of a decimal, and no trailing zeros: 0.000123, 2.5, 2.</summary>
    private const string AllDigits = "0.############################";

    private readonly System.Text.StringBuilder _line = new();
    private int _fieldsOnLine;

    /// <summary>A text field: neutralised when it looks like a formula, quoted when needed; null is an empty field.</summary>
    public CsvWriter Text(string? value) => Raw(Field(value));

    /// <summary>A number, written as is (never taken for a formula, even when negative).</summary>
    public CsvWriter Number(long value) => Raw(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>An amount in full precision without trailing zeros, or an empty field.</summary>
    public CsvWriter Number(decimal? value) => Raw(value?.ToString(AllDigits, CultureInfo.InvariantCulture) ?? "");

    public CsvWriter Boolean(bool value) => Raw(value ? "true" : "false");

    /// <summary>An instant in UTC, ISO 8601 to the millisecond: 2027-01-31T09:05:00.000Z.</summary>
    public CsvWriter Time(DateTimeOffset value) => Raw(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));

    /// <summary>Ends the line and writes it out.</summary>
    public async Task EndLineAsync(CancellationToken cancellationToken = default)
    {
        _line.Append("\r\n");
        await writer.WriteAsync(_line, cancellationToken);
        _line.Clear();
        _fieldsOnLine = 0;
    }

    /// <summary>A text value as its field is written: neutralised, then quoted if needed.</summary>
    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (FormulaStarts.Contains(value[0]))
        {
            value = "'" + value;
        }

        return value.IndexOfAny(NeedsQuotes) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private CsvWriter Raw(string field)
    {
        if (_fieldsOnLine++ > 0)
        {
            _line.Append(',');
        }

        _line.Append(field);
        return this;
    }
}
