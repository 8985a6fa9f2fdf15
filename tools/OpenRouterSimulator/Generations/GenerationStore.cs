using System.Collections.Concurrent;

namespace OpenRouterSimulator.Generations;

/// <summary>The most recent generation records, by id; the oldest are forgotten past the capacity.</summary>
internal sealed class GenerationStore(int capacity)
{
    private readonly ConcurrentDictionary<string, GenerationRecord> _byId = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();

    public void Add(GenerationRecord record)
    {
        _byId[record.Id] = record;
        _order.Enqueue(record.Id);
        while (_order.Count > capacity && _order.TryDequeue(out var oldest))
        {
            _byId.TryRemove(oldest, out _);
        }
    }

    public GenerationRecord? Find(string id) => _byId.GetValueOrDefault(id);

    public void Clear()
    {
        _byId.Clear();
        _order.Clear();
    }
}
