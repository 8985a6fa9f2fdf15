using System.Globalization;
using System.Text.RegularExpressions;

namespace OpenRouterSimulator.Faults;

/// <summary>
/// Reads fault specs such as <c>429;retry-after=1</c>, <c>latency=500</c>, <c>chunk-delay=50</c>, <c>fail-first=2</c>, <c>model-down:openai/gpt-4o</c>, <c>cost-drift=0.001</c>;
/// several are separated by commas.
/// </summary>
internal static partial class FaultParser
{
    public const string HeaderName = "X-Simulator-Fault";
    private const string MarkerStart = "[[sim:";

    private static readonly HashSet<int> Statuses = [400, 401, 402, 403, 408, 429, 500, 502, 503];

    /// <summary>Combines the header and any markers in the prompt; an unknown fault is an error message.</summary>
    public static FaultPlan Parse(string? header, string? prompt, out string? error)
    {
        error = null;
        var hasMarker = prompt is not null && prompt.Contains(MarkerStart, StringComparison.Ordinal);
        if (string.IsNullOrWhiteSpace(header) && !hasMarker)
        {
            return FaultPlan.None;
        }

        var plan = new FaultPlan();
        var specs = new List<string>();
        if (!string.IsNullOrWhiteSpace(header))
        {
            specs.Add(header.Trim());
        }

        if (hasMarker)
        {
            foreach (Match match in Marker().Matches(prompt!))
            {
                specs.Add(match.Groups["spec"].Value.Trim());
            }
        }

        foreach (var spec in specs)
        {
            foreach (var fault in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!Apply(plan, fault))
                {
                    error = $"Unknown simulator fault '{fault}'. Known: 400, 401, 402, 403, 408, 429[;retry-after=s], 500, 502, 503[;retry-after=s], "
                        + "latency=<ms>, chunk-delay=<ms>, stream-error, drop, fail-first=<n>[;retry-after=s], model-down:<model-id>, cost-drift=<usd>";
                    return plan;
                }
            }
        }

        plan.Description = specs.Count == 0 ? null : string.Join(",", specs);
        return plan;
    }

    private static bool Apply(FaultPlan plan, string fault)
    {
        var parts = fault.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var head = parts[0];
        if (head.StartsWith("model-down:", StringComparison.OrdinalIgnoreCase) || head.StartsWith("model-down=", StringComparison.OrdinalIgnoreCase))
        {
            var model = head["model-down:".Length..].Trim();
            plan.DownModels.Add(model);
            return model.Length > 0;
        }

        var (name, value) = head.IndexOf('=', StringComparison.Ordinal) is var eq and > 0
            ? (head[..eq].Trim().ToUpperInvariant(), head[(eq + 1)..].Trim())
            : (head.ToUpperInvariant(), null);

        switch (name)
        {
            case "LATENCY" when TryMilliseconds(value, out var latency):
                plan.Latency += latency;
                return parts.Length == 1;
            case "CHUNK-DELAY" when TryMilliseconds(value, out var chunkDelay):
                plan.ChunkDelay = chunkDelay;
                return parts.Length == 1;
            case "STREAM-ERROR" when value is null:
                plan.StreamError = true;
                return parts.Length == 1;
            case "DROP" when value is null:
                plan.Drop = true;
                return parts.Length == 1;
            case "COST-DRIFT" when decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var drift):
                plan.CostDrift += drift;
                return parts.Length == 1;
            case "FAIL-FIRST" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var attempts):
                plan.FailFirst = attempts;
                return ApplyStatusParameters(plan, parts);
            default:
                if (value is null && int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var status) && Statuses.Contains(status))
                {
                    plan.Status = status;
                    return ApplyStatusParameters(plan, parts);
                }

                return false;
        }
    }

    private static bool ApplyStatusParameters(FaultPlan plan, string[] parts)
    {
        foreach (var parameter in parts.AsSpan(1))
        {
            var eq = parameter.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || !parameter[..eq].Trim().Equals("retry-after", StringComparison.OrdinalIgnoreCase)
                || !int.TryParse(parameter[(eq + 1)..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                return false;
            }

            plan.RetryAfterSeconds = seconds;
        }

        return true;
    }

    private static bool TryMilliseconds(string? value, out TimeSpan latency)
    {
        var ok = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var ms);
        latency = TimeSpan.FromMilliseconds(ok ? ms : 0);
        return ok;
    }

    [GeneratedRegex(@"\[\[sim:fault=(?<spec>[^\]]*)\]\]", RegexOptions.CultureInvariant)]
    private static partial Regex Marker();
}
