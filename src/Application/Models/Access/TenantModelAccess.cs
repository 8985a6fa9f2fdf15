using Microsoft.EntityFrameworkCore;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Domain.Models;

namespace OpenRouterSaaS.Application.Models.Access;

/// <summary>
/// The model access decision for the current tenant: its allow-list (or the default, if none is stored)
/// against the catalogue, through <see cref="ModelAccessPolicy"/>. Every path that calls a model or lists
/// models asks this service.
/// </summary>
public sealed class TenantModelAccess(IAppDbContext db, ITenantContext tenant, TimeProvider clock, CatalogueCache catalogue)
{
    /// <summary>The current tenant's rules; the documented default when the tenant has no stored allow-list.</summary>
    public async Task<AllowListRules> RulesAsync(CancellationToken cancellationToken = default)
    {
        var tenantId = tenant.TenantId ?? throw new InvalidOperationException("Model access is decided in a tenant; none is current.");
        var stored = await db.ModelAllowLists.AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        return (stored ?? ModelAllowList.CreateDefault(tenantId, clock.GetUtcNow())).Rules;
    }

    public Task<CatalogueSnapshot> CatalogueAsync(CancellationToken cancellationToken = default) =>
        catalogue.GetAsync(async token => new CatalogueSnapshot(await db.CatalogueModels.AsNoTracking().ToListAsync(token)), cancellationToken);

    /// <summary>May the current tenant call <paramref name="requestedModel"/>, with <paramref name="fallbackModels"/> (<c>models: [...]</c>)?</summary>
    public async Task<ModelAccessDecision> DecideAsync(string? requestedModel, IReadOnlyList<string>? fallbackModels = null, CancellationToken cancellationToken = default) =>
        ModelAccessPolicy.Decide(await RulesAsync(cancellationToken), await CatalogueAsync(cancellationToken), requestedModel, fallbackModels);

    /// <summary>The models the current tenant's members may use and see.</summary>
    public async Task<IReadOnlyList<CatalogueModel>> AllowedModelsAsync(CancellationToken cancellationToken = default) =>
        ModelAccessPolicy.AllowedModels(await RulesAsync(cancellationToken), await CatalogueAsync(cancellationToken));
}
