using System.Collections.Concurrent;
using OpenRouterSaaS.Application.ApiTokens.AuthenticateApiToken;

namespace OpenRouterSaaS.Application.Gateway.Callers;

/// <summary>
/// This instance's memory of API callers, by token hash: whom the token authenticated as, and the context its last call
/// read. An entry is read again from the database after <see cref="MaxAge"/> (which also keeps a busy token's last-used
/// time to that precision), and at once when a call finds the tenant's settings changed.
/// </summary>
public sealed class ApiCallerCache(TimeProvider clock)
{
    /// <summary>How long an authenticated token is believed without asking the database again.</summary>
    public static readonly TimeSpan MaxAge = ApiTokenAuthenticator.LastUsedPrecision;

    /// <summary>More tokens than this in use at once, and the memory starts again rather than grow.</summary>
    private const int MaxEntries = 20_000;

    private readonly ConcurrentDictionary<string, CachedCaller> _callers = new(StringComparer.Ordinal);

    /// <summary>The caller remembered for <paramref name="key"/>, while it is young enough and its token has not expired.</summary>
    public CachedCaller? Find(string key)
    {
        if (!_callers.TryGetValue(key, out var caller))
        {
            return null;
        }

        var now = clock.GetUtcNow();
        if (now - caller.AuthenticatedAt >= MaxAge || now >= caller.Token.ExpiresAt)
        {
            Forget(key);
            return null;
        }

        return caller;
    }

    public CachedCaller Remember(string key, AuthenticatedApiToken token)
    {
        if (_callers.Count >= MaxEntries)
        {
            _callers.Clear();
        }

        var caller = new CachedCaller(key, token, clock.GetUtcNow());
        _callers[key] = caller;
        return caller;
    }

    public void Forget(string key) => _callers.TryRemove(key, out _);
}

/// <summary>An API token as authenticated at <see cref="AuthenticatedAt"/>, with the context its latest call read.</summary>
public sealed class CachedCaller(string key, AuthenticatedApiToken token, DateTimeOffset authenticatedAt)
{
    private volatile CallerContext? _context;

    public string Key { get; } = key;

    public AuthenticatedApiToken Token { get; } = token;

    public DateTimeOffset AuthenticatedAt { get; } = authenticatedAt;

    public CallerContext? Context
    {
        get => _context;
        set => _context = value;
    }
}
