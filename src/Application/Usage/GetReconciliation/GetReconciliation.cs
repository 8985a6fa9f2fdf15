using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Common.Security;
using OpenRouterSaaS.Application.Usage.ImportActivity;
using OpenRouterSaaS.Application.UsageReports;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.Application.Usage.GetReconciliation;

/// <summary>
/// The current tenant's ledger beside OpenRouter's imported activity, per UTC day and model, for the days
/// <see cref="From"/> to <see cref="To"/> (both included), with how many calls still wait for their generation record.
/// </summary>
[RequireTenantRole(TenantRole.Admin)]
public sealed record GetReconciliationQuery(DateOnly From, DateOnly To) : IQuery<Result<ReconciliationReport>>;

public sealed class GetReconciliationHandler(IAppDbContext db, IUsageSums sums) : IQueryHandler<GetReconciliationQuery, Result<ReconciliationReport>>
{
    public async ValueTask<Result<ReconciliationReport>> Handle(GetReconciliationQuery query, CancellationToken cancellationToken)
    {
        var ledger = await sums.ReconciliationAsync(new UsageRange(query.From, query.To), cancellationToken);

        var activity = await db.ActivityDays.AsNoTracking()
            .Where(day => day.Date >= query.From && day.Date <= query.To)
            .ToListAsync(cancellationToken);
        // Every import covers the 30 days before it; a covered day without a row had no activity.
        var firstImport = await db.ActivityDays.MinAsync(day => (DateTimeOffset?)day.ImportedAt, cancellationToken);
        var lastImport = await db.ActivityDays.MaxAsync(day => (DateTimeOffset?)day.ImportedAt, cancellationToken);
        DateOnly? importedFrom = firstImport is { } first ? DayOf(first).AddDays(-TenantActivityImporter.WindowDays) : null;
        DateOnly? importedTo = lastImport is { } last ? DayOf(last).AddDays(-1) : null;
        bool Imported(DateOnly day) => importedFrom <= day && day <= importedTo;

        var byKey = activity.ToDictionary(day => (day.Date, day.Model));
        var inLedger = ledger.Lines.Select(row => (row.Day, row.Model)).ToHashSet();
        var lines = ledger.Lines
            .Select(row =>
            {
                var reported = byKey.GetValueOrDefault((row.Day, row.Model));
                var imported = reported is not null || Imported(row.Day);
                return new ReconciliationLine(row.Day, row.Model, row.Calls, row.ReconciledCalls, row.ResponseCostUsd, row.ReconciledResponseCostUsd,
                    row.ReconciledCalls == 0 ? null : row.GenerationCostUsd, row.BilledUsd,
                    imported ? reported?.UsageUsd ?? 0m : null, imported ? reported?.Requests ?? 0 : null);
            })
            .Concat(activity
                .Where(day => !inLedger.Contains((day.Date, day.Model)))
                .Select(day => new ReconciliationLine(day.Date, day.Model, 0, 0, 0m, 0m, null, 0m, day.UsageUsd, day.Requests)))
            .OrderByDescending(line => line.Date)
            .ThenBy(line => line.Model, StringComparer.Ordinal)
            .ToList();

        var hasManagementKey = await db.OpenRouterCredentials.AnyAsync(credential => credential.Kind == CredentialKind.Management, cancellationToken);

        return new ReconciliationReport(
            query.From, query.To, hasManagementKey, lastImport, importedFrom, importedTo, lines, ledger.AwaitingReconciliation, ledger.NeverReconciled);
    }

    private static DateOnly DayOf(DateTimeOffset time) => DateOnly.FromDateTime(time.UtcDateTime);
}
