using System.Globalization;
using System.Text;
using System.Text.Json;

namespace OpenRouterSaaS.Bench;

/// <summary>
/// The one markdown table of a run, from the JSON files the measurements wrote in <c>--raw</c>, with the machine it ran
/// on; printed and written to <c>--out</c>.
/// </summary>
public static class Report
{
    private static readonly int[] Concurrencies = [1, 16, 64];

    public static int Run(Options options)
    {
        var raw = options.Text("raw");
        var table = new StringBuilder();
        table.AppendLine("| Measurement | Direct (simulator) | Gateway | Peer (Portkey 1.15.2) | Gateway / direct | Gateway / peer | Target (issue 7) |");
        table.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | --- |");

        foreach (var concurrency in Concurrencies)
        {
            var direct = Read(raw, $"direct-c{concurrency}");
            var gateway = Read(raw, $"gateway-c{concurrency}");
            var peer = Read(raw, $"peer-c{concurrency}");
            Row(table, $"Non-streaming, c={concurrency}: requests/s", Rate(direct), Rate(gateway), Rate(peer), concurrency == 64 ? "gateway ≥ 2,000/s" : "");
            Row(table, $"Non-streaming, c={concurrency}: p50 ms", Millis(direct, "p50_us"), Millis(gateway, "p50_us"), Millis(peer, "p50_us"), "");
            Row(table, $"Non-streaming, c={concurrency}: p99 ms", Millis(direct, "p99_us"), Millis(gateway, "p99_us"), Millis(peer, "p99_us"), "");
        }

        var direct16 = Read(raw, "direct-c16");
        var gateway16 = Read(raw, "gateway-c16");
        var peer16 = Read(raw, "peer-c16");
        table.AppendLine($"| **Added latency, c=16: p50 ms** (minus direct) | | **{Cell(Minus(Millis(gateway16, "p50_us"), Millis(direct16, "p50_us")))}** | {Cell(Minus(Millis(peer16, "p50_us"), Millis(direct16, "p50_us")))} | | | ≤ 1 ms |");
        table.AppendLine($"| **Added latency, c=16: p99 ms** (minus direct) | | **{Cell(Minus(Millis(gateway16, "p99_us"), Millis(direct16, "p99_us")))}** | {Cell(Minus(Millis(peer16, "p99_us"), Millis(direct16, "p99_us")))} | | | ≤ 5 ms |");

        var streamDirect = Read(raw, "stream-direct");
        var streamGateway = Read(raw, "stream-gateway");
        Row(table, "Streaming: time to first data event, p50 ms", Value(streamDirect, "ttfb_p50_ms"), Value(streamGateway, "ttfb_p50_ms"), null,
            $"adds ≤ 2 ms (adds {Cell(Minus(Value(streamGateway, "ttfb_p50_ms"), Value(streamDirect, "ttfb_p50_ms")))})");
        Row(table, "Streaming: time to first data event, p99 ms", Value(streamDirect, "ttfb_p99_ms"), Value(streamGateway, "ttfb_p99_ms"), null, "");
        Row(table, "Streaming: gap between chunks, p50 ms", Value(streamDirect, "gap_p50_ms"), Value(streamGateway, "gap_p50_ms"), null, "");
        Row(table, "Streaming: gap between chunks, p99 ms", Value(streamDirect, "gap_p99_ms"), Value(streamGateway, "gap_p99_ms"), null, "");

        var ledger = Read(raw, "ledger");
        var admin = Read(raw, "admin");
        var biggest = Value(ledger, "biggest_tenant_rows");
        var rows = Value(ledger, "rows");
        table.AppendLine($"| Admin usage page, biggest tenant, this month: p50 ms (max) | | {Cell(Value(admin, "month_p50_ms"))} ({Cell(Value(admin, "month_max_ms"))}) | | | | ≤ 300 ms over 1,000,000 rows |");
        table.AppendLine($"| Admin usage page, biggest tenant, 90 days: p50 ms (max) | | {Cell(Value(admin, "range90_p50_ms"))} ({Cell(Value(admin, "range90_max_ms"))}) | | | | ≤ 300 ms |");
        table.AppendLine($"| CSV export, biggest tenant, 90 days: seconds ({Count(Value(admin, "export_rows"))} rows, {Cell(Value(admin, "export_mb"))} MB) | | {Cell(Value(admin, "export_seconds"))} | | | | streams |");
        table.AppendLine($"| CSV export: app resident memory before → peak, MB | | {Cell(Value(admin, "rss_before_mb"))} → {Cell(Value(admin, "rss_peak_mb"))} | | | | flat |");

        var streams = Read(raw, "open-streams");
        table.AppendLine($"| Memory per 1,000 open streams, MB ({Count(Value(streams, "open_at_sample"))} of {Count(Value(streams, "streams"))} open, "
            + $"{Count(Value(streams, "failed"))} failed: {Cell(Value(streams, "rss_before_mb"))} → {Cell(Value(streams, "rss_during_mb"))} MB) | | {Cell(Value(streams, "mb_per_1000"))} | | | | |");

        var text = new StringBuilder();
        text.AppendLine(table.ToString());
        text.AppendLine($"Ledger: {Count(rows)} usage rows over {Count(Value(ledger, "tenants"))} tenants, {Count(Value(ledger, "members"))} members, "
            + $"{Count(Value(ledger, "models"))} models and 90 days; the biggest tenant holds {Count(biggest)} of them.");
        foreach (var concurrency in Concurrencies.Where(concurrency => concurrency > 1))
        {
            text.AppendLine(CpuPerCall(raw, concurrency));
        }

        var errors = Errors(raw);
        text.AppendLine(errors.Length == 0 ? "Every non-streaming request was answered 200." : $"Errors: {errors}.");
        text.AppendLine();
        text.AppendLine(File.ReadAllText(options.Text("machine")).TrimEnd());

        var result = text.ToString();
        Console.WriteLine(result);
        File.WriteAllText(options.Text("out"), result);
        return 0;
    }

    /// <summary>
    /// CPU time per call, by process, while the wrk runs at <paramref name="concurrency"/> went on: what each call costs
    /// the machine, whatever else shared it (the load generator's own share is not counted).
    /// </summary>
    private static string CpuPerCall(string raw, int concurrency)
    {
        string PerCall(string run, string process)
        {
            var calls = Value(Read(raw, run), "requests");
            var used = Value(Read(raw, run + ".cpu"), process + "_ms");
            return calls is > 0 && used is { } ms ? Count(ms * 1000 / calls.Value) : "—";
        }

        return $"CPU per call at c={concurrency}, in µs: through the gateway, app {PerCall($"gateway-c{concurrency}", "app")}, "
            + $"PostgreSQL {PerCall($"gateway-c{concurrency}", "postgres")}, simulator {PerCall($"gateway-c{concurrency}", "simulator")}; "
            + $"direct, simulator {PerCall($"direct-c{concurrency}", "simulator")}.";
    }

    private static void Row(StringBuilder table, string name, double? direct, double? gateway, double? peer, string target)
    {
        table.AppendLine($"| {name} | {Cell(direct)} | {Cell(gateway)} | {Cell(peer)} | {Ratio(gateway, direct)} | {Ratio(gateway, peer)} | {target} |");
    }

    private static JsonElement? Read(string raw, string name)
    {
        var path = Path.Combine(raw, name + ".json");
        return File.Exists(path) ? JsonDocument.Parse(File.ReadAllText(path)).RootElement.Clone() : null;
    }

    private static double? Value(JsonElement? result, string field) =>
        result is { } element && element.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    private static double? Rate(JsonElement? wrk) =>
        Value(wrk, "requests") is { } requests && Value(wrk, "duration_us") is { } micros && micros > 0 ? requests / (micros / 1e6) : null;

    private static double? Millis(JsonElement? wrk, string field) => Value(wrk, field) / 1000.0;

    private static double? Minus(double? left, double? right) => left is { } a && right is { } b ? a - b : null;

    private static string Ratio(double? numerator, double? denominator) =>
        numerator is { } a && denominator is { } b && b != 0 ? (a / b).ToString("0.00", CultureInfo.InvariantCulture) + "×" : "";

    private static string Cell(double? value) => value switch
    {
        null => "—",
        { } number when Math.Abs(number) >= 100 => number.ToString("#,0", CultureInfo.InvariantCulture),
        { } number => number.ToString("0.00", CultureInfo.InvariantCulture),
    };

    private static string Count(double? value) => value is { } number ? number.ToString("#,0", CultureInfo.InvariantCulture) : "—";

    /// <summary>Non-200 answers and socket errors of the wrk runs, named by run.</summary>
    private static string Errors(string raw) => string.Join(", ", Directory.GetFiles(raw, "*-c*.json").Where(path => !path.EndsWith(".cpu.json", StringComparison.Ordinal)).Order(StringComparer.Ordinal)
        .Select(path => (Name: Path.GetFileNameWithoutExtension(path), Result: Read(raw, Path.GetFileNameWithoutExtension(path))))
        .Select(run => (run.Name, Failed: (Value(run.Result, "errors") ?? 0) + (Value(run.Result, "non2xx") ?? 0)))
        .Where(run => run.Failed > 0)
        .Select(run => $"{run.Name} {run.Failed:0}"));
}
