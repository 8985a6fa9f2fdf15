using OpenRouterSaaS.Application.Models.Access;

namespace OpenRouterSaaS.UnitTests.Application.Models;

public sealed class CatalogueCacheTests
{
    private readonly ManualClock _clock = new();
    private int _reads;

    [Fact]
    public async Task A_snapshot_is_read_once_and_shared_until_it_is_too_old()
    {
        var cache = new CatalogueCache(_clock);

        var first = await cache.GetAsync(ReadAsync, CancellationToken.None);
        _clock.Now += CatalogueCache.MaxAge - TimeSpan.FromSeconds(1);
        var second = await cache.GetAsync(ReadAsync, CancellationToken.None);
        _clock.Now += TimeSpan.FromSeconds(1);
        var third = await cache.GetAsync(ReadAsync, CancellationToken.None);

        Assert.Same(first, second);
        Assert.NotSame(second, third);
        Assert.Equal(2, _reads);
    }

    [Fact]
    public async Task A_refresh_on_this_instance_is_seen_by_the_next_call()
    {
        var cache = new CatalogueCache(_clock);
        var before = await cache.GetAsync(ReadAsync, CancellationToken.None);

        cache.Invalidate();

        Assert.NotSame(before, await cache.GetAsync(ReadAsync, CancellationToken.None));
        Assert.Equal(2, _reads);
    }

    [Fact]
    public async Task A_clock_set_back_reads_the_catalogue_again()
    {
        var cache = new CatalogueCache(_clock);
        await cache.GetAsync(ReadAsync, CancellationToken.None);

        _clock.Now -= TimeSpan.FromMinutes(5);
        await cache.GetAsync(ReadAsync, CancellationToken.None);

        Assert.Equal(2, _reads);
    }

    private Task<CatalogueSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        _reads++;
        return Task.FromResult(new CatalogueSnapshot([]));
    }

    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
