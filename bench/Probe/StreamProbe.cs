using System.Diagnostics;

namespace OpenRouterSaaS.Bench;

/// <summary>
/// Streamed calls one after another: the time from sending the request to the first <c>data:</c> event (time to first
/// byte of the answer), and the gaps between successive <c>data:</c> events as the client reads them.
/// </summary>
public static class StreamProbe
{
    public static async Task<int> RunAsync(Options options)
    {
        var url = options.Text("url");
        var token = options.Text("token");
        var model = options.Text("model");
        var warmup = options.Number("warmup", 50);
        var requests = options.Number("requests", 300);
        using var client = Chat.Client();

        for (var i = 0; i < warmup; i++)
        {
            await OneAsync(client, url, token, model, [], []);
        }

        var firstBytes = new List<double>(requests);
        var gaps = new List<double>(requests * 40);
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < requests; i++)
        {
            await OneAsync(client, url, token, model, firstBytes, gaps);
        }

        Stats.Write(options.Text("out"), new
        {
            requests,
            seconds = Stats.Round(Stopwatch.GetElapsedTime(started).TotalSeconds),
            ttfb_p50_ms = Stats.Round(Stats.Percentile(firstBytes, 50)),
            ttfb_p99_ms = Stats.Round(Stats.Percentile(firstBytes, 99)),
            gap_p50_ms = Stats.Round(Stats.Percentile(gaps, 50)),
            gap_p99_ms = Stats.Round(Stats.Percentile(gaps, 99)),
            chunks = gaps.Count + firstBytes.Count,
        });
        return 0;
    }

    private static async Task OneAsync(HttpClient client, string url, string token, string model, List<double> firstBytes, List<double> gaps)
    {
        using var request = Chat.StreamRequest(url, token, model);
        var sent = Stopwatch.GetTimestamp();
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        long? previous = null;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (!line.StartsWith("data:", StringComparison.Ordinal))
            {
                continue;
            }

            var now = Stopwatch.GetTimestamp();
            if (previous is { } last)
            {
                gaps.Add(Stats.Milliseconds(last, now));
            }
            else
            {
                firstBytes.Add(Stats.Milliseconds(sent, now));
            }

            previous = now;
        }

        if (previous is null)
        {
            throw new InvalidOperationException($"{url} streamed no data event");
        }
    }
}
