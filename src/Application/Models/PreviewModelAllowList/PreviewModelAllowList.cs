using Mediator;
using OpenRouterSaaS.Application.Common.Security;
using OpenRouterSaaS.Application.Models.Access;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Models;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.Application.Models.PreviewModelAllowList;

/// <summary>
/// What an allow-list the admin has not saved yet would allow now. Never refused for bad input: problems come
/// back inside the preview (the same ones saving would report), and the preview uses the valid parts.
/// </summary>
[RequireTenantRole(TenantRole.Admin)]
public sealed record PreviewModelAllowListQuery(
    ModelAccessMode Mode,
    IReadOnlyList<string> AllowPatterns,
    IReadOnlyList<string> DenyPatterns,
    decimal? MaxPromptPricePerMillion,
    decimal? MaxCompletionPricePerMillion) : IQuery<Result<AllowListPreview>>;

public sealed class PreviewModelAllowListHandler(TenantModelAccess access) : IQueryHandler<PreviewModelAllowListQuery, Result<AllowListPreview>>
{
    public async ValueTask<Result<AllowListPreview>> Handle(PreviewModelAllowListQuery query, CancellationToken cancellationToken)
    {
        var draft = AllowListDraft.Read(query.Mode, query.AllowPatterns, query.DenyPatterns, query.MaxPromptPricePerMillion, query.MaxCompletionPricePerMillion);
        return AllowListPreview.Of(draft.Rules, await access.CatalogueAsync(cancellationToken), draft.Problems);
    }
}
