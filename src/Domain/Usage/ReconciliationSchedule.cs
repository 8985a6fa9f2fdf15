namespace OpenRouterSaaS.Domain.Usage;

/// <summary>
/// When to ask OpenRouter again for a generation record it does not have yet (it answers 404 for a while after a call) or
/// could not give (a transient failure): after <see cref="FirstDelay"/>, then twice as long each time up to
/// <see cref="MaxDelay"/>, until <see cref="GiveUpAfter"/> has passed since the call ended or <see cref="MaxAttempts"/> were made.
/// </summary>
public sealed record ReconciliationSchedule(TimeSpan FirstDelay, TimeSpan MaxDelay, TimeSpan GiveUpAfter, int MaxAttempts)
{
    public static ReconciliationSchedule Default { get; } = new(TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(5), TimeSpan.FromHours(1), 40);

    /// <summary>
    /// The next try after <paramref name="attempts"/> tries that found nothing, for a call that ended at
    /// <paramref name="since"/>; null when it is time to give up. The last try falls on the end of the window.
    /// </summary>
    public DateTimeOffset? Next(int attempts, DateTimeOffset since, DateTimeOffset now)
    {
        var deadline = since + GiveUpAfter;
        if (attempts >= MaxAttempts || now >= deadline)
        {
            return null;
        }

        // Doubling past 2^20 only overflows; the cap is reached long before.
        var factor = Math.Pow(2, Math.Clamp(attempts - 1, 0, 20));
        var delay = TimeSpan.FromTicks((long)Math.Min(FirstDelay.Ticks * factor, MaxDelay.Ticks));
        var next = now + delay;
        return next < deadline ? next : deadline;
    }
}
