namespace OpenRouterSaaS.Application.Models.Access;

/// <summary>
/// The model catalogue as this instance last read it, so that a gateway call does not read every model from the database
/// (twice: once for the allow-list decision, once for the budget estimate). A refresh on this instance replaces it at
/// once; a refresh by another instance is seen within <see cref="MaxAge"/>. The snapshot is read-only, so requests share it.
/// </summary>
public sealed class CatalogueCache(TimeProvider clock)
{
    /// <summary>How long a snapshot is used before the database is read again.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private Entry? _entry;

    public async Task<CatalogueSnapshot> GetAsync(Func<CancellationToken, Task<CatalogueSnapshot>> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        var now = clock.GetUtcNow();
        if (Volatile.Read(ref _entry) is { } entry && now - entry.ReadAt < MaxAge && now >= entry.ReadAt)
        {
            return entry.Snapshot;
        }

        var snapshot = await read(cancellationToken);
        Volatile.Write(ref _entry, new Entry(snapshot, now));
        return snapshot;
    }

    /// <summary>The catalogue changed: the next call reads it again.</summary>
    public void Invalidate() => Volatile.Write(ref _entry, null);

    private sealed record Entry(CatalogueSnapshot Snapshot, DateTimeOffset ReadAt);
}
