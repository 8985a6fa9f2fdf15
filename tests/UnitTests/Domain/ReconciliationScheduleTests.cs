using OpenRouterSaaS.Domain.Usage;

namespace OpenRouterSaaS.UnitTests.Domain;

public sealed class ReconciliationScheduleTests
{
    private static readonly DateTimeOffset Ended = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_wait_doubles_from_two_seconds_and_stops_growing_at_the_cap()
    {
        var schedule = ReconciliationSchedule.Default;

        var waits = Enumerable.Range(1, 10).Select(attempts => schedule.Next(attempts, Ended, Ended)!.Value - Ended).ToList();

        Assert.Equal(
            [2, 4, 8, 16, 32, 64, 128, 256, 300, 300],
            waits.Select(wait => (int)wait.TotalSeconds));
    }

    [Fact]
    public void The_last_try_falls_on_the_end_of_the_window_and_after_it_the_schedule_gives_up()
    {
        var schedule = ReconciliationSchedule.Default;
        var almostAnHour = Ended + TimeSpan.FromMinutes(59);

        Assert.Equal(Ended + TimeSpan.FromHours(1), schedule.Next(20, Ended, almostAnHour));
        Assert.Null(schedule.Next(21, Ended, Ended + TimeSpan.FromHours(1)));
    }

    [Fact]
    public void The_schedule_gives_up_after_its_attempts_even_within_the_window()
    {
        var schedule = new ReconciliationSchedule(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromDays(1), MaxAttempts: 3);

        Assert.NotNull(schedule.Next(2, Ended, Ended));
        Assert.Null(schedule.Next(3, Ended, Ended));
    }

    [Fact]
    public void Many_attempts_never_overflow_the_wait()
    {
        var schedule = ReconciliationSchedule.Default with { MaxAttempts = int.MaxValue, GiveUpAfter = TimeSpan.FromDays(365) };

        Assert.Equal(Ended + TimeSpan.FromMinutes(5), schedule.Next(1_000, Ended, Ended));
    }
}
