using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Domain.Common;

namespace OpenRouterSaaS.Infrastructure.Persistence;

/// <summary>
/// Stamps new tenant-owned rows with the current tenant and refuses to save any tenant-owned row of
/// another tenant, so a bug in a handler cannot write across tenants.
/// </summary>
public sealed class TenantStampingInterceptor(ITenantContext tenantContext) : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Check(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Check(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void Check(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        foreach (var entry in context.ChangeTracker.Entries<ITenantOwned>())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }

            var current = tenantContext.TenantId
                ?? throw new InvalidOperationException($"A {entry.Metadata.ClrType.Name} was saved with no current tenant.");
            var tenantId = entry.Property(nameof(ITenantOwned.TenantId));
            if (entry.State == EntityState.Added && (Guid)tenantId.CurrentValue! == Guid.Empty)
            {
                tenantId.CurrentValue = current;
            }
            else if ((Guid)tenantId.CurrentValue! != current || (entry.State != EntityState.Added && (Guid)tenantId.OriginalValue! != current))
            {
                throw new InvalidOperationException($"A {entry.Metadata.ClrType.Name} of another tenant was about to be saved; refused.");
            }
        }
    }
}
