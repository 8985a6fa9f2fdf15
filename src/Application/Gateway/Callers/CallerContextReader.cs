using Microsoft.EntityFrameworkCore;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Keys.ChooseKey;
using OpenRouterSaaS.Application.Models.Access;
using OpenRouterSaaS.Domain.Common;

namespace OpenRouterSaaS.Application.Gateway.Callers;

/// <summary>Reads a member's <see cref="CallerContext"/> in the current tenant from the database.</summary>
public sealed class CallerContextReader(IAppDbContext db, ITenantContext tenant, TenantModelAccess access, IKeyChooser keys)
{
    public async Task<Result<CallerContext>> ReadAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        var tenantId = tenant.TenantId ?? throw new InvalidOperationException("The gateway acts in a tenant; enter one first.");
        // The version is read first: a change committed after it raises it, so nothing read below is newer than it says
        // without the opening write noticing.
        var settings = await db.Tenants.AsNoTracking().Where(row => row.Id == tenantId)
            .Select(row => new { row.ConfigVersion, row.RequiresZeroDataRetention, row.DefaultMaxTokens })
            .SingleOrDefaultAsync(cancellationToken);
        if (settings is null)
        {
            // Deleted; the caller's token went with it, which the gateway checks next and answers with 401.
            return Error.NotFound("This tenant no longer exists.");
        }

        var situation = await keys.ReadSituationAsync(userId, cancellationToken);
        if (!situation.IsSuccess)
        {
            return situation.Error!;
        }

        return new CallerContext(settings.ConfigVersion, settings.RequiresZeroDataRetention, settings.DefaultMaxTokens,
            await access.RulesAsync(cancellationToken), situation.Value);
    }
}
