using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenRouterSaaS.Application.Common;
using OpenRouterSaaS.Application.Usage.ImportActivity;
using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.Infrastructure.Persistence;
using OpenRouterSaaS.Infrastructure.Workers;

namespace OpenRouterSaaS.Infrastructure.Usage;

/// <summary>
/// One round of activity imports: every tenant with a management key whose activity was not imported in the last half
/// interval gets it imported, each in a scope of its own that acts in that tenant. A PostgreSQL advisory lock lets one
/// instance run a round at a time; the others skip theirs.
/// </summary>
public sealed class ActivityImportSweep(IServiceScopeFactory scopes, IOptions<ActivityImportOptions> options, TimeProvider clock, ILogger<ActivityImportSweep> logger)
{
    /// <summary>The advisory lock every instance takes before a round ("ORS activ" in ASCII).</summary>
    public const long LockKey = 0x4F52_5320_6163_7469;

    /// <summary>Runs one round; returns how many tenants' activity was imported, or null when another instance holds the round.</summary>
    public async Task<int?> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        await using var lockScope = scopes.CreateAsyncScope();
        var db = lockScope.ServiceProvider.GetRequiredService<AppDbContext>();
        await using var round = await AdvisoryLock.TryTakeAsync(db, LockKey, cancellationToken);
        return round is null ? null : await ImportDueTenantsAsync(db, cancellationToken);
    }

    private async Task<int> ImportDueTenantsAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var due = clock.GetUtcNow() - options.Value.Interval / 2;
        // Across tenants on purpose: every tenant that has a management key and no import since the cut-off, and nothing else of theirs.
        var recent = db.ActivityDays.IgnoreQueryFilters([QueryFilters.Tenant]).Where(day => day.ImportedAt >= due).Select(day => day.TenantId);
        var tenants = await db.OpenRouterCredentials.IgnoreQueryFilters([QueryFilters.Tenant])
            .Where(credential => credential.Kind == CredentialKind.Management && !recent.Contains(credential.TenantId))
            .Join(db.Tenants, credential => credential.TenantId, tenant => tenant.Id, (_, tenant) => new { tenant.Id, tenant.Slug })
            .ToListAsync(cancellationToken);

        return await TenantRound.RunAsync(scopes, tenants.Select(tenant => (tenant.Id, tenant.Slug)),
            async (services, token) => await services.GetRequiredService<TenantActivityImporter>().ImportAsync(cancellationToken: token) is not null,
            "import the OpenRouter activity", logger, cancellationToken);
    }
}
