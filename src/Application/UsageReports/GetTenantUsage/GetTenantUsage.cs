using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Common.Security;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.Application.UsageReports.GetTenantUsage;

/// <summary>
/// The current tenant's usage over a range of UTC days, narrowed by the filter: totals, spend by day, by member, by model
/// and by key kind, and one page of the calls, newest first.
/// </summary>
[RequireTenantRole(TenantRole.Admin)]
public sealed record GetTenantUsageQuery(UsageFilter Filter, int Page = 1) : IQuery<Result<TenantUsage>>;

/// <param name="Range">The days covered, defaults filled in.</param>
/// <param name="ByDay">Every day of <paramref name="Range"/>, days without calls as zero.</param>
/// <param name="Members">Everyone the member filter offers: the tenant's members and anyone with calls in the range.</param>
/// <param name="Models">Every model with calls in the range, for the model filter.</param>
public sealed record TenantUsage(
    UsageRange Range,
    UsageTotals Totals,
    IReadOnlyList<UsageBy<DateOnly>> ByDay,
    IReadOnlyList<UsageBy<UsageMember>> ByMember,
    IReadOnlyList<UsageBy<string>> ByModel,
    IReadOnlyList<UsageBy<CredentialKind>> ByKeyKind,
    UsageCallsPage Calls,
    IReadOnlyList<UsageMember> Members,
    IReadOnlyList<string> Models);

/// <param name="Email">Null for an account that no longer exists.</param>
public sealed record UsageMember(Guid UserId, string? Email);

public sealed class GetTenantUsageHandler(IAppDbContext db, IUsageSums sums, TimeProvider clock) : IQueryHandler<GetTenantUsageQuery, Result<TenantUsage>>
{
    public async ValueTask<Result<TenantUsage>> Handle(GetTenantUsageQuery query, CancellationToken cancellationToken)
    {
        var filter = query.Filter;
        var range = filter.RangeOn(UsageRange.Today(clock));
        var breakdown = await sums.AddUpAsync(range, filter, cancellationToken);
        var calls = await UsageCalls.PageAsync(filter.Apply(db.UsageRecords.AsNoTracking(), range), db.Users, query.Page, cancellationToken);
        var members = await MembersAsync(breakdown.MembersWithCalls, cancellationToken);

        return new TenantUsage(
            range,
            breakdown.Total,
            breakdown.EachDayOf(range),
            UsageBy.Costliest(breakdown.ByMember.Select(pair => new UsageBy<UsageMember>(members[pair.Key], pair.Value))),
            UsageBy.Costliest(breakdown.ByModel),
            UsageBy.Costliest(breakdown.ByKeyKind),
            calls,
            members.Values.OrderBy(member => member.Email ?? "~", StringComparer.OrdinalIgnoreCase).ToList(),
            breakdown.ModelsWithCalls.Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>The tenant's members and the people behind <paramref name="userIds"/> (some may have left), by id.</summary>
    private async Task<Dictionary<Guid, UsageMember>> MembersAsync(IReadOnlyList<Guid> userIds, CancellationToken cancellationToken)
    {
        var memberIds = db.Memberships.Select(membership => membership.UserId);
        var people = await db.Users
            .Where(user => userIds.Contains(user.Id) || memberIds.Contains(user.Id))
            .Select(user => new UsageMember(user.Id, user.Email))
            .ToListAsync(cancellationToken);
        var byId = people.ToDictionary(person => person.UserId);
        foreach (var gone in userIds.Where(id => !byId.ContainsKey(id)))
        {
            byId[gone] = new UsageMember(gone, null);
        }

        return byId;
    }
}
