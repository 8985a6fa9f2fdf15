using Microsoft.EntityFrameworkCore;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Domain.Credentials;

namespace OpenRouterSaaS.Application.Keys.Credit;

/// <summary>Reads the current tenant's remaining OpenRouter credit (<c>GET /credits</c>) with its management key and stores it on the tenant.</summary>
public sealed class TenantCreditRefresher(IAppDbContext db, ITenantContext tenantContext, ISecretProtector protector, ICreditsSource credits, TimeProvider clock)
{
    /// <summary>
    /// Refreshes the stored credit; false when the tenant has no management key (any credit stored before is forgotten).
    /// OpenRouter's failures (<see cref="OpenRouter.OpenRouterException"/>) and an unreadable key reach the caller.
    /// </summary>
    public async Task<bool> RefreshAsync(CancellationToken cancellationToken = default)
    {
        var tenant = await db.Tenants.SingleAsync(tenant => tenant.Id == tenantContext.TenantId, cancellationToken);
        var key = await db.OpenRouterCredentials.AsNoTracking().SingleOrDefaultAsync(credential => credential.Kind == CredentialKind.Management, cancellationToken);
        if (key is null)
        {
            if (tenant.CreditRemaining is not null)
            {
                tenant.ForgetCredit();
                await db.SaveChangesAsync(cancellationToken);
            }

            return false;
        }

        var account = await credits.GetCreditsAsync(protector.Reveal(key), cancellationToken);
        tenant.RecordCredit(account.Remaining, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
