using System.Text.Json;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Domain.Audit;

namespace OpenRouterSaaS.Application.Common.Audit;

/// <summary>Adds audit entries for the current tenant and person to the application's unit of work.</summary>
public sealed class AuditLog(IAppDbContext db, ITenantContext tenant, ICurrentUser currentUser, TimeProvider clock) : IAuditLog
{
    public void Record(string action, AuditTarget target, string summary, IReadOnlyDictionary<string, string?>? details = null)
    {
        var tenantId = tenant.TenantId ?? throw new InvalidOperationException("An audit entry needs a current tenant.");
        var json = details is null ? null : JsonSerializer.Serialize(details);
        db.AuditEntries.Add(new AuditEntry(tenantId, currentUser.UserId, action, target.Type, target.Id, summary, json, clock.GetUtcNow()));
    }
}
