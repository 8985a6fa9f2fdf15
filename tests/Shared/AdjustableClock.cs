namespace OpenRouterSaaS.Tests.Shared;

/// <summary>
/// The app's clock in tests: the real time, shifted by however far a test has moved it, so that
/// "seven days later" needs no waiting and no editing of stored rows.
/// </summary>
public sealed class AdjustableClock : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override DateTimeOffset GetUtcNow() => TimeProvider.System.GetUtcNow() + Offset;

    /// <summary>Moves the clock forward by <paramref name="distance"/> until the returned handle is disposed.</summary>
    public IDisposable Travel(TimeSpan distance)
    {
        Interlocked.Add(ref _offsetTicks, distance.Ticks);
        return new Return(this, distance);
    }

    private sealed class Return(AdjustableClock clock, TimeSpan distance) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                Interlocked.Add(ref clock._offsetTicks, -distance.Ticks);
            }
        }
    }
}
