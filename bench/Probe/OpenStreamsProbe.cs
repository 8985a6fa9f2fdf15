using System.Diagnostics;

namespace OpenRouterSaaS.Bench;

/// <summary>
/// Memory per open stream: the app's resident memory before, then with <c>--count</c> streamed calls open at once (each
/// slowed by the simulator's <c>chunk-delay</c> fault so they stay open), as MB per 1,000 streams.
/// </summary>
public static class OpenStreamsProbe
{
    public static async Task<int> RunAsync(Options options)
    {
        var url = options.Text("url");
        var token = options.Text("token");
        var model = options.Text("model");
        var pid = int.Parse(options.Text("pid"), System.Globalization.CultureInfo.InvariantCulture);
        var count = options.Number("count", 1000);
        var fault = $"chunk-delay={options.Number("chunk-delay-ms", 1000)}";
        var maxTokens = options.Number("max-tokens", 8);
        using var client = Chat.Client();

        var before = Stats.ResidentMegabytes(pid);
        var opened = 0;
        var allOpen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = Stopwatch.GetTimestamp();
        var calls = Enumerable.Range(0, count).Select(_ => Task.Run(async () =>
        {
            using var request = Chat.StreamRequest(url, token, model, fault, maxTokens);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            var counted = false;
            while (await reader.ReadLineAsync() is { } line)
            {
                if (!counted && line.StartsWith("data:", StringComparison.Ordinal))
                {
                    counted = true;
                    if (Interlocked.Increment(ref opened) == count)
                    {
                        allOpen.TrySetResult();
                    }
                }
            }
        })).ToList();

        var everyCall = Task.WhenAll(calls);
        await Task.WhenAny(allOpen.Task, everyCall, Task.Delay(TimeSpan.FromSeconds(60)));
        var openSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var openNow = Volatile.Read(ref opened);
        var during = 0.0;
        for (var i = 0; i < 5; i++)
        {
            during = Math.Max(during, Stats.ResidentMegabytes(pid));
            await Task.Delay(200);
        }

        var failed = 0;
        try
        {
            await everyCall;
        }
        catch (Exception)
        {
            failed = calls.Count(call => call.IsFaulted);
        }

        Stats.Write(options.Text("out"), new
        {
            streams = count,
            open_at_sample = openNow,
            failed,
            seconds_to_open = Stats.Round(openSeconds),
            rss_before_mb = Stats.Round(before),
            rss_during_mb = Stats.Round(during),
            mb_per_1000 = Stats.Round((during - before) / Math.Max(openNow, 1) * 1000),
        });
        return failed == 0 && openNow == count ? 0 : 1;
    }
}
