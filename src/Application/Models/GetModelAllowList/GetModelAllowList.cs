using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Common.Security;
using OpenRouterSaaS.Application.Models.Access;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Models;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.Application.Models.GetModelAllowList;

/// <summary>The current tenant's allow-list as stored (or the default), with the preview of what it allows now.</summary>
[RequireTenantRole(TenantRole.Admin)]
public sealed record GetModelAllowListQuery : IQuery<Result<AllowListEditor>>;

public sealed record AllowListEditor(AllowListSettings Settings, AllowListPreview Preview);

/// <param name="IsDefault">True when the tenant has never saved an allow-list and the default applies.</param>
public sealed record AllowListSettings(
    ModelAccessMode Mode,
    IReadOnlyList<string> AllowPatterns,
    IReadOnlyList<string> DenyPatterns,
    decimal? MaxPromptPricePerMillion,
    decimal? MaxCompletionPricePerMillion,
    bool IsDefault,
    DateTimeOffset? UpdatedAt);

public sealed class GetModelAllowListHandler(IAppDbContext db, ITenantContext tenant, TenantModelAccess access, TimeProvider clock)
    : IQueryHandler<GetModelAllowListQuery, Result<AllowListEditor>>
{
    public async ValueTask<Result<AllowListEditor>> Handle(GetModelAllowListQuery query, CancellationToken cancellationToken)
    {
        var stored = await db.ModelAllowLists.AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        var allowList = stored ?? ModelAllowList.CreateDefault(tenant.TenantId!.Value, clock.GetUtcNow());
        var settings = new AllowListSettings(
            allowList.Mode, allowList.AllowPatterns, allowList.DenyPatterns,
            allowList.MaxPromptPricePerMillion, allowList.MaxCompletionPricePerMillion,
            IsDefault: stored is null || stored.UpdatedByUserId is null,
            stored?.UpdatedAt);
        var preview = AllowListPreview.Of(allowList.Rules, await access.CatalogueAsync(cancellationToken));
        return new AllowListEditor(settings, preview);
    }
}
