namespace OpenRouterSaaS.Domain.Usage;

/// <summary>Where one gateway call's ledger row stands.</summary>
public enum UsageStatus
{
    /// <summary>Written before the upstream call; the call has not ended yet (or the app stopped during it).</summary>
    Pending,

    Completed,

    Failed,

    /// <summary>The client went away (or pressed Stop) mid-call; the upstream call was cancelled. Its cost comes from OpenRouter's generation record.</summary>
    Cancelled,
}
