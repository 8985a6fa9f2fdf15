using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Common.Security;
using OpenRouterSaaS.Application.Keys.ChooseKey;
using OpenRouterSaaS.Application.Models.Access;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.Domain.Models;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.Application.Gateway.GetPlayground;

/// <summary>What the playground offers the signed-in member: the models they may pick, the auto router when allowed, which key pays, the privacy rule.</summary>
[RequireTenantRole(TenantRole.Member)]
public sealed record GetPlaygroundQuery : IQuery<Result<PlaygroundPage>>;

/// <param name="Models">The allowed concrete models, by name.</param>
/// <param name="AutoRouter">Whether <c>openrouter/auto</c> is allowed, and so offered (confined to the allowed models).</param>
/// <param name="Key">Which key pays for the member's calls, or why none may.</param>
/// <param name="RequiresZeroDataRetention">The tenant runs every call under zero data retention.</param>
public sealed record PlaygroundPage(IReadOnlyList<PlaygroundModel> Models, bool AutoRouter, KeyDecision Key, bool RequiresZeroDataRetention);

public sealed record PlaygroundModel(string Id, string Name);

public sealed class GetPlaygroundHandler(IAppDbContext db, ITenantContext tenantContext, ICurrentUser currentUser, IKeyChooser chooser, TenantModelAccess access)
    : IQueryHandler<GetPlaygroundQuery, Result<PlaygroundPage>>
{
    public async ValueTask<Result<PlaygroundPage>> Handle(GetPlaygroundQuery query, CancellationToken cancellationToken)
    {
        var decision = await chooser.DecideAsync(currentUser.RequiredUserId, cancellationToken);
        if (!decision.IsSuccess)
        {
            return decision.Error!;
        }

        var allowed = await access.AllowedModelsAsync(cancellationToken);
        var requiresZdr = await db.Tenants.Where(tenant => tenant.Id == tenantContext.TenantId)
            .Select(tenant => tenant.RequiresZeroDataRetention).SingleAsync(cancellationToken);
        var models = allowed.Where(model => !model.IsAutoRouter)
            .Select(model => new PlaygroundModel(model.Id, model.Name))
            .OrderBy(model => model.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
        return new PlaygroundPage(models, allowed.Any(model => ModelId.IsAutoRouter(model.Id)), decision.Value, requiresZdr);
    }
}
