using Microsoft.Extensions.DependencyInjection;

namespace OpenRouterSaaS.FunctionalTests.MultiInstance;

/// <summary>
/// Holds an app's next request to OpenRouter whose path ends as a test says, until the test lets it go: so a test can
/// act while one instance is in the middle of a job (its lock taken, its reservation held).
/// </summary>
public sealed class UpstreamGate
{
    private volatile Hold? _hold;

    /// <summary>Puts the gate in every HTTP client of the app these services build.</summary>
    public void AddTo(IServiceCollection services) =>
        services.ConfigureHttpClientDefaults(client => client.AddHttpMessageHandler(() => new Handler(this)));

    /// <summary>Holds the next request whose path (without the query) ends with <paramref name="pathEnd"/>; dispose to let it go.</summary>
    public Hold HoldNext(string pathEnd)
    {
        var hold = new Hold(this, pathEnd);
        _hold = hold;
        return hold;
    }

    public sealed class Hold(UpstreamGate gate, string pathEnd) : IDisposable
    {
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        internal string PathEnd => pathEnd;

        /// <summary>Completes when the request has come and waits at the gate.</summary>
        public Task Reached => _reached.Task.WaitAsync(TimeSpan.FromSeconds(30));

        internal async Task WaitAsync(CancellationToken cancellationToken)
        {
            _reached.TrySetResult();
            await _released.Task.WaitAsync(cancellationToken);
        }

        public void Dispose()
        {
            Interlocked.CompareExchange(ref gate._hold, null, this);
            _released.TrySetResult();
        }
    }

    private sealed class Handler(UpstreamGate gate) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (gate._hold is { } hold && request.RequestUri is { } uri && uri.AbsolutePath.EndsWith(hold.PathEnd, StringComparison.Ordinal)
                && Interlocked.CompareExchange(ref gate._hold, null, hold) == hold)
            {
                await hold.WaitAsync(cancellationToken);
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }
}
