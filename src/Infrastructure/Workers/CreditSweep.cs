using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenRouterSaaS.Application.Common;
using OpenRouterSaaS.Application.Keys.Credit;
using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.Infrastructure.Persistence;

namespace OpenRouterSaaS.Infrastructure.Workers;

/// <summary>
/// One round of credit refreshes: every tenant with a management key whose credit was read more than half an interval ago
/// gets it read again, each in a scope of its own that acts in that tenant. A PostgreSQL advisory lock lets one instance
/// run a round at a time; the others skip theirs.
/// </summary>
public sealed class CreditSweep(IServiceScopeFactory scopes, IOptions<CreditRefreshOptions> options, TimeProvider clock, ILogger<CreditSweep> logger)
{
    /// <summary>The advisory lock every instance takes before a round ("ORS credit" in ASCII).</summary>
    public const long LockKey = 0x4F52_5320_6372_6564;

    /// <summary>Runs one round; returns how many tenants' credit was read, or null when another instance holds the round.</summary>
    public async Task<int?> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        await using var lockScope = scopes.CreateAsyncScope();
        var db = lockScope.ServiceProvider.GetRequiredService<AppDbContext>();
        await using var round = await AdvisoryLock.TryTakeAsync(db, LockKey, cancellationToken);
        return round is null ? null : await RefreshDueTenantsAsync(db, cancellationToken);
    }

    private async Task<int> RefreshDueTenantsAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var due = clock.GetUtcNow() - options.Value.Interval / 2;
        // Across tenants on purpose: every tenant that has a management key, and nothing else of theirs.
        var tenants = await db.OpenRouterCredentials.IgnoreQueryFilters([QueryFilters.Tenant])
            .Where(credential => credential.Kind == CredentialKind.Management)
            .Join(db.Tenants, credential => credential.TenantId, tenant => tenant.Id, (_, tenant) => tenant)
            .Where(tenant => tenant.CreditCheckedAt == null || tenant.CreditCheckedAt < due)
            .Select(tenant => new { tenant.Id, tenant.Slug })
            .ToListAsync(cancellationToken);

        return await TenantRound.RunAsync(scopes, tenants.Select(tenant => (tenant.Id, tenant.Slug)),
            (services, token) => services.GetRequiredService<TenantCreditRefresher>().RefreshAsync(token),
            "read the OpenRouter credit", logger, cancellationToken);
    }
}
