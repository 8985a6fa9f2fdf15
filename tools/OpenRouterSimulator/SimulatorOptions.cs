namespace OpenRouterSimulator;

/// <summary>Settings of the simulator, bound from the <c>Simulator</c> configuration section.</summary>
public sealed class SimulatorOptions
{
    public const string SectionName = "Simulator";

    /// <summary>How long <c>GET /generation</c> answers 404 after a generation finished (OpenRouter takes a few seconds).</summary>
    public TimeSpan GenerationDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Pause before each streamed chunk.</summary>
    public TimeSpan ChunkDelay { get; set; } = TimeSpan.Zero;

    /// <summary>While a stream waits (injected latency), a <c>: OPENROUTER PROCESSING</c> comment is sent this often.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Words carried by one streamed chunk.</summary>
    public int WordsPerChunk { get; set; } = 1;

    /// <summary>Shortest natural reply, in words (one word is one completion token).</summary>
    public int MinReplyWords { get; set; } = 16;

    /// <summary>Longest natural reply, in words.</summary>
    public int MaxReplyWords { get; set; } = 48;

    /// <summary>Seed from which the demo keys are derived (see README).</summary>
    public string Seed { get; set; } = "openrouter-saas-demo";

    /// <summary>Whether the demo user key and demo management key are created at start.</summary>
    public bool SeedDemoKeys { get; set; } = true;

    /// <summary>Name of the account that holds the demo keys.</summary>
    public string DemoAccount { get; set; } = "demo";

    /// <summary>Credits (USD) of an account created without an explicit amount, the demo account included.</summary>
    public decimal DefaultCredits { get; set; } = 100m;

    /// <summary><c>Retry-After</c> seconds of an injected 429 that does not name its own.</summary>
    public int DefaultRetryAfterSeconds { get; set; } = 1;

    /// <summary>Shape of the final usage chunk of a stream.</summary>
    public UsageChunkStyle UsageChunkChoices { get; set; } = UsageChunkStyle.Empty;

    /// <summary>Most recent requests kept by the request log.</summary>
    public int RequestLogCapacity { get; set; } = 10_000;

    /// <summary>
    /// Whether the request log keeps the body of each <c>POST /chat/completions</c> as sent (to check what a client put in
    /// it); off by default, so a long run keeps only the small entries.
    /// </summary>
    public bool LogRequestBodies { get; set; }

    /// <summary>Most recent generation records kept for <c>GET /generation</c>.</summary>
    public int GenerationCapacity { get; set; } = 200_000;

    /// <summary>Whether the <c>/_sim</c> admin endpoints are mapped.</summary>
    public bool EnableAdminEndpoints { get; set; } = true;

    /// <summary>Credits per account name, for accounts named by <see cref="Keys"/>.</summary>
    public Dictionary<string, decimal> Accounts { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Keys created at start, besides the demo keys.</summary>
    public List<SeededKeyOptions> Keys { get; set; } = [];

    /// <summary>Clock of the simulator; tests replace it. Not bound from configuration.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}

/// <summary>One key created at start from configuration (<c>Simulator:Keys:n:*</c>).</summary>
public sealed class SeededKeyOptions
{
    /// <summary>The secret, <c>sk-or-v1-</c> followed by 64 hex characters.</summary>
    public string Key { get; set; } = "";

    /// <summary>The key's name, as shown by <c>GET /keys</c>.</summary>
    public string? Label { get; set; }

    /// <summary>Spending limit in USD; none when null.</summary>
    public decimal? Limit { get; set; }

    /// <summary><c>daily</c>, <c>weekly</c>, <c>monthly</c> or null (never resets).</summary>
    public string? LimitReset { get; set; }

    /// <summary>Whether this is a management (provisioning) key.</summary>
    public bool Management { get; set; }

    /// <summary>Account the key belongs to; the demo account when null.</summary>
    public string? Account { get; set; }
}

/// <summary>How the usage chunk at the end of a stream carries its <c>choices</c>.</summary>
public enum UsageChunkStyle
{
    /// <summary><c>"choices": []</c>, as OpenAI's spec has it.</summary>
    Empty,

    /// <summary>One choice with an empty delta repeating the finish reason, as OpenRouter documents it today.</summary>
    RepeatFinish,
}
