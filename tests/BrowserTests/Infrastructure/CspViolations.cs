using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace OpenRouterSaaS.BrowserTests.Infrastructure;

/// <summary>
/// What Chromium refused on a page under the content security policy: every <c>securitypolicyviolation</c> event
/// (reported from a script Playwright adds to each document before the page's own) and every console message about the
/// policy, and besides any script error (a script that relies on eval fails that way).
/// </summary>
public sealed class CspViolations
{
    private readonly ConcurrentQueue<string> _seen = new();
    private readonly TaskCompletionSource _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private CspViolations()
    {
    }

    public IReadOnlyList<string> Seen => [.. _seen];

    /// <summary>Starts watching <paramref name="page"/>, from its next document on.</summary>
    public static async Task<CspViolations> WatchAsync(IPage page)
    {
        var violations = new CspViolations();
        await page.ExposeFunctionAsync<string>("reportCspViolation", violations.Add);
        await page.AddInitScriptAsync("""
            document.addEventListener("securitypolicyviolation", e => window.reportCspViolation(
                `${e.violatedDirective} refused ${e.blockedURI || "inline"} on ${location.pathname} (${e.sourceFile || "page"}:${e.lineNumber}) ${e.sample}`));
            """);
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                violations.Add($"console on {page.Url}: {message.Text}");
            }
        };
        page.PageError += (_, error) => violations.Add($"script error on {page.Url}: {error}");
        return violations;
    }

    /// <summary>
    /// Lets the page run what it has queued (a violation is reported in a task of its own, after the parser met it), and
    /// hears back from it: every violation of the page so far is in <see cref="Seen"/> afterwards. A task hop, not a wait.
    /// </summary>
    public static Task SettleAsync(IPage page) => page.EvaluateAsync("() => new Promise(resolve => setTimeout(resolve, 0))");

    /// <summary>Completes when the first violation is seen, to prove the watch works.</summary>
    public Task First => _first.Task;

    private void Add(string violation)
    {
        _seen.Enqueue(violation);
        _first.TrySetResult();
    }
}
