using System.Collections.Concurrent;

namespace OpenRouterSimulator.Faults;

/// <summary>Counts attempts of "the same request" so <c>fail-first=n</c> fails the first n and lets the next through.</summary>
internal sealed class FailFirstCounter
{
    private readonly ConcurrentDictionary<string, int> _attempts = new(StringComparer.Ordinal);

    /// <summary>Records one attempt; true while it is among the first <paramref name="failures"/>.</summary>
    public bool ShouldFail(string requestIdentity, int failures) =>
        failures > 0 && _attempts.AddOrUpdate(requestIdentity, 1, static (_, count) => count + 1) <= failures;

    public void Clear() => _attempts.Clear();
}
