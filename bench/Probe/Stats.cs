using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace OpenRouterSaaS.Bench;

/// <summary>Percentiles of samples, the app's memory, and JSON results.</summary>
public static class Stats
{
    /// <summary>The nearest-rank percentile of <paramref name="samples"/> (0 when there are none).</summary>
    public static double Percentile(IReadOnlyCollection<double> samples, double percent)
    {
        if (samples.Count == 0)
        {
            return 0;
        }

        var sorted = samples.Order().ToArray();
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public static double Milliseconds(long fromTimestamp, long toTimestamp) =>
        Stopwatch.GetElapsedTime(fromTimestamp, toTimestamp).TotalMilliseconds;

    /// <summary>The resident set (VmRSS) of process <paramref name="pid"/> in MB, read from /proc.</summary>
    public static double ResidentMegabytes(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kilobytes = long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                return kilobytes / 1024.0;
            }
        }

        throw new InvalidOperationException($"no VmRSS for process {pid}");
    }

    public static void Write(string path, object result)
    {
        File.WriteAllText(path, JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
        Console.WriteLine($"    {Path.GetFileName(path)}: {JsonSerializer.Serialize(result)}");
    }

    public static double Round(double value) => Math.Round(value, 2);
}
