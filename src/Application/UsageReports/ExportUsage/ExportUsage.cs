using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Common.Security;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.Application.UsageReports.ExportUsage;

/// <summary>
/// Every call of the current tenant that the filter keeps, oldest first, for a CSV file. The rows are read from the
/// database as they are enumerated, one at a time, so that an export of any size holds only one row in memory.
/// </summary>
[RequireTenantRole(TenantRole.Admin)]
public sealed record ExportUsageQuery(UsageFilter Filter) : IQuery<Result<UsageExport>>;

/// <param name="Range">The days covered, defaults filled in.</param>
/// <param name="Calls">Read from the database while enumerated; enumerate it once, within the request.</param>
public sealed record UsageExport(UsageRange Range, IAsyncEnumerable<UsageCall> Calls);

public sealed class ExportUsageHandler(IAppDbContext db, TimeProvider clock) : IQueryHandler<ExportUsageQuery, Result<UsageExport>>
{
    public ValueTask<Result<UsageExport>> Handle(ExportUsageQuery query, CancellationToken cancellationToken)
    {
        var range = query.Filter.RangeOn(UsageRange.Today(clock));
        var calls = query.Filter.Apply(db.UsageRecords.AsNoTracking(), range)
            .OrderBy(record => record.CreatedAt).ThenBy(record => record.Id)
            .AsCalls(db.Users)
            .AsAsyncEnumerable();
        return ValueTask.FromResult<Result<UsageExport>>(new UsageExport(range, calls));
    }
}
