using OpenRouterSaaS.Domain.Credentials;

namespace OpenRouterSaaS.Application.UsageReports;

/// <summary>
/// What the calls a usage page covers added up to, per UTC day, member, model and key kind (each call counts once in
/// each), and who and what had calls in its range at all, whatever the filter kept: the choices the filter offers.
/// </summary>
/// <param name="ByModel">By the model that served the calls, or the one requested when none did (a call that failed early).</param>
public sealed record UsageBreakdown(
    IReadOnlyDictionary<DateOnly, UsageTotals> ByDay,
    IReadOnlyDictionary<Guid, UsageTotals> ByMember,
    IReadOnlyDictionary<string, UsageTotals> ByModel,
    IReadOnlyDictionary<CredentialKind, UsageTotals> ByKeyKind,
    IReadOnlyList<Guid> MembersWithCalls,
    IReadOnlyList<string> ModelsWithCalls)
{
    /// <summary>Every call has one key kind, so the kinds add up to the whole.</summary>
    public UsageTotals Total => UsageTotals.Sum(ByKeyKind.Values);

    /// <summary>Every day of <paramref name="range"/>, in order, days without calls as zero.</summary>
    public List<UsageBy<DateOnly>> EachDayOf(UsageRange range) =>
        range.EachDay().Select(day => new UsageBy<DateOnly>(day, ByDay.GetValueOrDefault(day, UsageTotals.None))).ToList();
}
