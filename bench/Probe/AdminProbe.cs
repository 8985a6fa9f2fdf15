using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace OpenRouterSaaS.Bench;

/// <summary>
/// The admin usage page (this month, and a 90-day range) and its CSV export, signed in as the tenant's owner: page times
/// over a few requests, and the export's time, rows and the app's resident memory before and at its peak during it.
/// </summary>
public static partial class AdminProbe
{
    public static async Task<int> RunAsync(Options options)
    {
        var baseUrl = options.Text("base").TrimEnd('/');
        var slug = options.Text("slug");
        var pid = int.Parse(options.Text("pid"), System.Globalization.CultureInfo.InvariantCulture);
        var requests = options.Number("requests", 5);
        var to = DateOnly.FromDateTime(DateTime.UtcNow);
        var range = $"from={to.AddDays(-89):yyyy-MM-dd}&to={to:yyyy-MM-dd}";
        var usage = $"{baseUrl}/t/{slug}/admin/usage";

        using var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        {
            Timeout = TimeSpan.FromMinutes(5),
        };
        await SignInAsync(client, baseUrl, options.Text("email"), options.Text("password"));

        var month = await TimePageAsync(client, usage, requests);
        var days90 = await TimePageAsync(client, $"{usage}?{range}", requests);
        var export = await TimeExportAsync(client, $"{usage}/export?{range}", pid);

        Stats.Write(options.Text("out"), new
        {
            month_p50_ms = Stats.Round(Stats.Percentile(month, 50)),
            month_max_ms = Stats.Round(month.Max()),
            range90_p50_ms = Stats.Round(Stats.Percentile(days90, 50)),
            range90_max_ms = Stats.Round(days90.Max()),
            export.export_seconds,
            export.export_rows,
            export.export_mb,
            export.rss_before_mb,
            export.rss_peak_mb,
        });
        return 0;
    }

    private static async Task SignInAsync(HttpClient client, string baseUrl, string email, string password)
    {
        var login = $"{baseUrl}/Identity/Account/Login";
        var page = await client.GetStringAsync(login);
        var token = AntiforgeryField().Match(page) is { Success: true } match
            ? WebUtility.HtmlDecode(match.Groups[1].Value)
            : throw new InvalidOperationException("the sign-in page has no antiforgery token");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["__RequestVerificationToken"] = token,
        });
        using var response = await client.PostAsync(login, form);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"signing in as {email} answered {(int)response.StatusCode}, not a redirect");
        }
    }

    /// <summary>Two warm-up requests, then <paramref name="requests"/> timed ones (the whole page read).</summary>
    private static async Task<List<double>> TimePageAsync(HttpClient client, string url, int requests)
    {
        var times = new List<double>(requests);
        for (var i = -2; i < requests; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync(url);
            var html = await response.Content.ReadAsStringAsync();
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (response.StatusCode != HttpStatusCode.OK || !html.Contains("<table", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"{url} answered {(int)response.StatusCode} without a usage table");
            }

            if (i >= 0)
            {
                times.Add(elapsed);
            }
        }

        return times;
    }

    private static async Task<(double export_seconds, long export_rows, double export_mb, double rss_before_mb, double rss_peak_mb)> TimeExportAsync(
        HttpClient client, string url, int pid)
    {
        var before = Stats.ResidentMegabytes(pid);
        var peak = before;
        using var done = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                peak = Math.Max(peak, Stats.ResidentMegabytes(pid));
                await Task.Delay(20, CancellationToken.None);
            }
        });

        var started = Stopwatch.GetTimestamp();
        using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"{url} answered {(int)response.StatusCode}");
        }

        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[64 * 1024];
        long bytes = 0, lines = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            bytes += read;
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        await done.CancelAsync();
        await sampler;
        // The header line is not a row.
        return (Stats.Round(seconds), lines - 1, Stats.Round(bytes / 1048576.0), Stats.Round(before), Stats.Round(peak));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
