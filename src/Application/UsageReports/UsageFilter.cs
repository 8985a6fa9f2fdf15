using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.Domain.Usage;

namespace OpenRouterSaaS.Application.UsageReports;

/// <summary>
/// Which part of the tenant's ledger a report or an export covers: the UTC days from <see cref="From"/> to
/// <see cref="To"/> (both included; by default the current month so far), and optionally one member, one model (the
/// model that served the call, or the one requested when none did) and one key kind.
/// </summary>
public sealed record UsageFilter(DateOnly? From = null, DateOnly? To = null, Guid? MemberUserId = null, string? Model = null, CredentialKind? KeyKind = null)
{
    /// <summary>The days covered: <see cref="To"/> defaults to today, <see cref="From"/> to the first day of <see cref="To"/>'s month.</summary>
    public UsageRange RangeOn(DateOnly today)
    {
        var to = To ?? today;
        return new UsageRange(From ?? new DateOnly(to.Year, to.Month, 1), to);
    }

    /// <summary>The ledger rows within <paramref name="range"/> that this filter keeps, narrowed in the database.</summary>
    internal IQueryable<UsageRecord> Apply(IQueryable<UsageRecord> records, UsageRange range)
    {
        records = records.Within(range);
        if (MemberUserId is { } member)
        {
            records = records.Where(record => record.UserId == member);
        }

        if (!string.IsNullOrEmpty(Model))
        {
            var model = Model;
            records = records.Where(record => (record.ServedModel ?? record.RequestedModel) == model);
        }

        if (KeyKind is { } kind)
        {
            records = records.Where(record => record.CredentialKind == kind);
        }

        return records;
    }
}

internal static class UsageRecordQueries
{
    public static IQueryable<UsageRecord> Within(this IQueryable<UsageRecord> records, UsageRange range)
    {
        var (start, end) = (range.Start, range.End);
        return records.Where(record => record.CreatedAt >= start && record.CreatedAt < end);
    }
}
