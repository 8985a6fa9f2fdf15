using System.Globalization;

namespace OpenRouterSaaS.Bench;

/// <summary>Command-line options as <c>--name value</c> pairs.</summary>
public sealed class Options
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public static Options Parse(IEnumerable<string> args)
    {
        var options = new Options();
        string? name = null;
        foreach (var arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                name = arg[2..];
                options._values[name] = "";
            }
            else if (name is not null)
            {
                options._values[name] = arg;
                name = null;
            }
        }

        return options;
    }

    public string Text(string name) =>
        _values.TryGetValue(name, out var value) && value.Length > 0 ? value : throw new ArgumentException($"--{name} is required");

    public string? Optional(string name) => _values.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    public int Number(string name, int fallback) =>
        _values.TryGetValue(name, out var value) && value.Length > 0 ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
}
