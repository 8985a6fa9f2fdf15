using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace OpenRouterSaaS.Bench;

/// <summary>Chat completion requests as the benchmark sends them, to the gateway or straight to the simulator.</summary>
public static class Chat
{
    public const string Prompt = "Say hello to the benchmark";

    public static HttpClient Client(int maxConnections = int.MaxValue) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = maxConnections,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        AutomaticDecompression = DecompressionMethods.None,
    })
    {
        Timeout = TimeSpan.FromMinutes(2),
    };

    /// <summary>A streamed request; <paramref name="fault"/> is a simulator fault marker put in the prompt (the gateway passes the prompt on).</summary>
    public static HttpRequestMessage StreamRequest(string url, string token, string model, string? fault = null, int? maxTokens = null)
    {
        var content = fault is null ? Prompt : $"{Prompt} [[sim:fault={fault}]]";
        var body = new Dictionary<string, object>
        {
            ["model"] = model,
            ["stream"] = true,
            ["messages"] = new[] { new { role = "user", content } },
        };
        if (maxTokens is { } limit)
        {
            body["max_tokens"] = limit;
        }

        var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }
}
