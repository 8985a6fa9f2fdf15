using System.Text.Json;

namespace OpenRouterSimulator.Tests;

/// <summary>A server-sent-event stream read to its end: comment lines, <c>data:</c> payloads, whether <c>[DONE]</c> came.</summary>
public sealed record SseStream(IReadOnlyList<string> Comments, IReadOnlyList<JsonElement> Chunks, bool Done, IReadOnlyList<string> Order)
{
    public static async Task<SseStream> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return Parse(text);
    }

    public static SseStream Parse(string text)
    {
        var comments = new List<string>();
        var chunks = new List<JsonElement>();
        var order = new List<string>();
        var done = false;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(':'))
            {
                comments.Add(line);
                order.Add("comment");
            }
            else if (line == "data: [DONE]")
            {
                done = true;
                order.Add("done");
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                using var document = JsonDocument.Parse(line["data: ".Length..]);
                var chunk = document.RootElement.Clone();
                chunks.Add(chunk);
                order.Add(chunk.TryGetProperty("usage", out _) ? "usage" : chunk.TryGetProperty("error", out _) ? "error" : "chunk");
            }
        }

        return new SseStream(comments, chunks, done, order);
    }

    public string Content => string.Concat(Chunks
        .Where(c => c.GetProperty("choices").GetArrayLength() > 0)
        .Select(c => c.GetProperty("choices")[0].GetProperty("delta"))
        .Select(d => d.TryGetProperty("content", out var content) ? content.GetString() : ""));
}
