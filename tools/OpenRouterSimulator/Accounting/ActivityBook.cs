using System.Collections.Concurrent;
using OpenRouterSimulator.Catalogue;
using OpenRouterSimulator.Generations;

namespace OpenRouterSimulator.Accounting;

/// <summary>An account's spend and tokens per UTC day, model and key: what <c>GET /activity</c> reports.</summary>
internal sealed class ActivityBook
{
    private readonly ConcurrentDictionary<(DateOnly Day, string Model, string KeyHash), Bucket> _buckets = new();

    public void Add(DateOnly day, GenerationRecord record)
    {
        var bucket = _buckets.GetOrAdd((day, record.Model.Id, record.KeyHash), static (_, model) => new Bucket(model), record.Model);
        bucket.Add(record);
    }

    /// <summary>Rows per day and model between two days (inclusive), newest day first, optionally for one key.</summary>
    public IReadOnlyList<ActivityRow> Read(DateOnly from, DateOnly to, string? keyHash)
    {
        var rows = new Dictionary<(DateOnly Day, string Model), ActivityRow>();
        foreach (var ((day, modelId, hash), bucket) in _buckets)
        {
            if (day < from || day > to || (keyHash is not null && !string.Equals(hash, keyHash, StringComparison.Ordinal)))
            {
                continue;
            }

            var row = bucket.Read(day);
            rows[(day, modelId)] = rows.TryGetValue((day, modelId), out var existing) ? existing.Plus(row) : row;
        }

        return [.. rows.Values.OrderByDescending(r => r.Day).ThenBy(r => r.Model.Id, StringComparer.Ordinal)];
    }

    private sealed class Bucket(CatalogueModel model)
    {
        private readonly Lock _gate = new();
        private decimal _usage;
        private int _requests;
        private long _promptTokens;
        private long _completionTokens;
        private long _reasoningTokens;

        public void Add(GenerationRecord record)
        {
            lock (_gate)
            {
                _usage += record.TotalCost;
                _requests++;
                _promptTokens += record.PromptTokens;
                _completionTokens += record.CompletionTokens;
                _reasoningTokens += record.ReasoningTokens;
            }
        }

        public ActivityRow Read(DateOnly day)
        {
            lock (_gate)
            {
                return new ActivityRow(day, model, _usage, _requests, _promptTokens, _completionTokens, _reasoningTokens);
            }
        }
    }
}

/// <summary>One day of one model's activity.</summary>
internal sealed record ActivityRow(DateOnly Day, CatalogueModel Model, decimal Usage, int Requests, long PromptTokens, long CompletionTokens, long ReasoningTokens)
{
    public ActivityRow Plus(ActivityRow other) => this with
    {
        Usage = Usage + other.Usage,
        Requests = Requests + other.Requests,
        PromptTokens = PromptTokens + other.PromptTokens,
        CompletionTokens = CompletionTokens + other.CompletionTokens,
        ReasoningTokens = ReasoningTokens + other.ReasoningTokens,
    };
}
