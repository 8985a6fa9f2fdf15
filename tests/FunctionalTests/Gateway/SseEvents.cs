using System.Text;
using System.Text.Json;

namespace OpenRouterSaaS.FunctionalTests.Gateway;

/// <summary>One server-sent event as a client sees it: a comment, or data (with the event's name when it has one).</summary>
public sealed record SseEvent(string? Comment, string? Name, string? Data)
{
    public bool IsDone => Data == "[DONE]";

    public bool IsComment => Comment is not null;

    /// <summary>The data as JSON; only for data events other than <c>[DONE]</c>.</summary>
    public JsonElement Json => JsonDocument.Parse(Data!).RootElement.Clone();

    public bool HasError => Data is not null && !IsDone && Json.TryGetProperty("error", out _);
}

/// <summary>Reads server-sent events from a response body one at a time, as a browser or the openai SDK would.</summary>
public sealed class SseEvents(Stream body) : IDisposable
{
    private readonly StreamReader _reader = new(body, Encoding.UTF8);

    /// <summary>Every event of a whole body, in order.</summary>
    public static async Task<List<SseEvent>> ReadAllAsync(HttpResponseMessage response)
    {
        using var events = new SseEvents(await response.Content.ReadAsStreamAsync());
        var all = new List<SseEvent>();
        while (await events.NextAsync() is { } next)
        {
            all.Add(next);
        }

        return all;
    }

    /// <summary>Every event of a body already read.</summary>
    public static List<SseEvent> Parse(string text)
    {
        using var events = new SseEvents(new MemoryStream(Encoding.UTF8.GetBytes(text)));
        var all = new List<SseEvent>();
        while (events.NextAsync().GetAwaiter().GetResult() is { } next)
        {
            all.Add(next);
        }

        return all;
    }

    /// <summary>The next event, or null at the end of the body.</summary>
    public async Task<SseEvent?> NextAsync()
    {
        string? name = null;
        var data = new List<string>();
        while (await _reader.ReadLineAsync() is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Count > 0)
                {
                    return new SseEvent(null, name, string.Join('\n', data));
                }

                continue;
            }

            if (line.StartsWith(':'))
            {
                return new SseEvent(line[1..].TrimStart(), null, null);
            }

            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data.Add(line["data: ".Length..]);
            }
        }

        return null;
    }

    public void Dispose() => _reader.Dispose();
}
