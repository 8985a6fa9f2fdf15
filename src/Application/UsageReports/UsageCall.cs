using Microsoft.EntityFrameworkCore;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.Domain.Usage;

namespace OpenRouterSaaS.Application.UsageReports;

/// <summary>One call in the ledger, as a usage page lists it and the CSV export writes it.</summary>
/// <param name="MemberEmail">Null for an account that no longer exists.</param>
/// <param name="CostUsd">The cost the response reported.</param>
/// <param name="GenerationCostUsd">The cost OpenRouter's generation record gave, once reconciled.</param>
public sealed record UsageCall(
    Guid Id,
    DateTimeOffset CreatedAt,
    Guid UserId,
    string? MemberEmail,
    string RequestedModel,
    string? ServedModel,
    string? Provider,
    UsageStatus Status,
    string? ErrorCode,
    string? ErrorMessage,
    CredentialKind KeyKind,
    bool Streamed,
    bool ZeroDataRetention,
    int PromptTokens,
    int CompletionTokens,
    int CachedTokens,
    int ReasoningTokens,
    decimal? CostUsd,
    decimal? GenerationCostUsd,
    string? GenerationId)
{
    /// <summary>What OpenRouter billed: the reconciled cost when known, else the response's.</summary>
    public decimal? BilledUsd => GenerationCostUsd ?? CostUsd;

    public bool IsReconciled => GenerationCostUsd is not null;
}

/// <summary>One page of calls, newest first.</summary>
public sealed record UsageCallsPage(IReadOnlyList<UsageCall> Calls, int Page, bool HasOlder);

/// <summary>How the usage pages list calls: a page at a time, newest first.</summary>
public static class UsageCalls
{
    public const int PageSize = 25;

    /// <summary>The highest page number a request may ask for.</summary>
    public const int MaxPage = 10_000;

    public const string NoSuchPageMessage = "There is no such page of calls.";

    /// <summary>Each row as a <see cref="UsageCall"/>, with its member's email looked up alongside.</summary>
    internal static IQueryable<UsageCall> AsCalls(this IQueryable<UsageRecord> records, IQueryable<UserSummary> users) =>
        records.Select(record => new UsageCall(
            record.Id,
            record.CreatedAt,
            record.UserId,
            users.Where(user => user.Id == record.UserId).Select(user => user.Email).FirstOrDefault(),
            record.RequestedModel,
            record.ServedModel,
            record.Provider,
            record.Status,
            record.ErrorCode,
            record.ErrorMessage,
            record.CredentialKind,
            record.Streamed,
            record.ZeroDataRetention,
            record.PromptTokens,
            record.CompletionTokens,
            record.CachedTokens,
            record.ReasoningTokens,
            record.CostUsd,
            record.GenerationCostUsd,
            record.GenerationId));

    /// <summary>Page <paramref name="page"/> of <paramref name="records"/>, newest first; one row more than a page tells whether there is an older one.</summary>
    internal static async Task<UsageCallsPage> PageAsync(IQueryable<UsageRecord> records, IQueryable<UserSummary> users, int page, CancellationToken cancellationToken)
    {
        var rows = await records
            .OrderByDescending(record => record.CreatedAt).ThenByDescending(record => record.Id)
            .Skip((page - 1) * PageSize)
            .Take(PageSize + 1)
            .AsCalls(users)
            .ToListAsync(cancellationToken);
        return new UsageCallsPage(rows.Take(PageSize).ToList(), page, rows.Count > PageSize);
    }
}
