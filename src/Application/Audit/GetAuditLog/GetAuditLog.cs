using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Common.Security;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.Application.Audit.GetAuditLog;

/// <summary>
/// One page of the current tenant's audit log, newest first, optionally narrowed to an action, a person and a
/// range of days (UTC, both ends included).
/// </summary>
[RequireTenantRole(TenantRole.Admin)]
public sealed record GetAuditLogQuery(string? Action = null, Guid? ActorUserId = null, DateOnly? From = null, DateOnly? To = null, int Page = 1)
    : IQuery<Result<AuditLogPage>>;

/// <param name="Actors">Everyone who appears in the tenant's log, for the person filter.</param>
public sealed record AuditLogPage(IReadOnlyList<AuditRow> Entries, int Page, bool HasOlder, IReadOnlyList<AuditActor> Actors);

/// <param name="ActorEmail">Null for the system, or for an account that no longer exists.</param>
public sealed record AuditRow(
    Guid Id, DateTimeOffset OccurredAt, Guid? ActorUserId, string? ActorEmail, string Action, string TargetType, Guid? TargetId, string Summary, string? Details);

public sealed record AuditActor(Guid UserId, string Email);

public sealed class GetAuditLogHandler(IAppDbContext db) : IQueryHandler<GetAuditLogQuery, Result<AuditLogPage>>
{
    public const int PageSize = 50;

    public async ValueTask<Result<AuditLogPage>> Handle(GetAuditLogQuery query, CancellationToken cancellationToken)
    {
        var entries = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrEmpty(query.Action))
        {
            entries = entries.Where(entry => entry.Action == query.Action);
        }

        if (query.ActorUserId is { } actor)
        {
            entries = entries.Where(entry => entry.ActorUserId == actor);
        }

        if (query.From is { } from)
        {
            var start = StartOf(from);
            entries = entries.Where(entry => entry.OccurredAt >= start);
        }

        if (query.To is { } to)
        {
            var end = StartOf(to.AddDays(1));
            entries = entries.Where(entry => entry.OccurredAt < end);
        }

        // One row more than a page tells whether there is an older page.
        var rows = await entries
            .OrderByDescending(entry => entry.OccurredAt).ThenByDescending(entry => entry.Id)
            .Skip((query.Page - 1) * PageSize)
            .Take(PageSize + 1)
            .Select(entry => new AuditRow(
                entry.Id,
                entry.OccurredAt,
                entry.ActorUserId,
                db.Users.Where(user => user.Id == entry.ActorUserId).Select(user => user.Email).FirstOrDefault(),
                entry.Action,
                entry.TargetType,
                entry.TargetId,
                entry.Summary,
                entry.Details))
            .ToListAsync(cancellationToken);

        var actors = await db.AuditEntries
            .Where(entry => entry.ActorUserId != null)
            .Select(entry => entry.ActorUserId!.Value)
            .Distinct()
            .Join(db.Users, id => id, user => user.Id, (_, user) => new AuditActor(user.Id, user.Email))
            .ToListAsync(cancellationToken);

        return new AuditLogPage(
            rows.Take(PageSize).ToList(),
            query.Page,
            rows.Count > PageSize,
            actors.OrderBy(person => person.Email, StringComparer.OrdinalIgnoreCase).ToList());
    }

    private static DateTimeOffset StartOf(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}
