using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Common.Security;
using OpenRouterSaaS.Application.Keys.ChooseKey;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.Application.Keys.GetMyKey;

/// <summary>The signed-in member's own key in the current tenant (masked), the tenant's key policy and which key pays for their calls.</summary>
[RequireTenantRole(TenantRole.Member)]
public sealed record GetMyKeyQuery : IQuery<Result<MyKeyPage>>;

/// <param name="Key">The member's stored key, or null.</param>
/// <param name="PolicyText">The key policy in words, for this member.</param>
/// <param name="Decision">Which key their calls use now, or why none may.</param>
public sealed record MyKeyPage(StoredKey? Key, KeyPolicy Policy, string PolicyText, bool MayUseSharedKey, KeyDecision Decision);

public sealed class GetMyKeyHandler(IAppDbContext db, ITenantContext tenantContext, ICurrentUser currentUser, IKeyChooser chooser, TimeProvider clock)
    : IQueryHandler<GetMyKeyQuery, Result<MyKeyPage>>
{
    public async ValueTask<Result<MyKeyPage>> Handle(GetMyKeyQuery query, CancellationToken cancellationToken)
    {
        var userId = currentUser.RequiredUserId;
        var decision = await chooser.DecideAsync(userId, cancellationToken);
        if (!decision.IsSuccess)
        {
            return decision.Error!;
        }

        var policy = await db.Tenants.Where(tenant => tenant.Id == tenantContext.TenantId).Select(tenant => tenant.KeyPolicy).SingleAsync(cancellationToken);
        var mayUseShared = await db.Memberships.Where(membership => membership.UserId == userId).Select(membership => membership.MayUseSharedKey).SingleAsync(cancellationToken);
        var key = await db.OpenRouterCredentials.AsNoTracking()
            .SingleOrDefaultAsync(credential => credential.Kind == CredentialKind.Personal && credential.OwnerUserId == userId, cancellationToken);
        var policyText = policy.Describe();
        if (!mayUseShared && policy != KeyPolicy.PersonalOnly)
        {
            policyText += " You may not use the shared key in this tenant.";
        }

        return new MyKeyPage(key is null ? null : StoredKey.From(key, clock.GetUtcNow()), policy, policyText, mayUseShared, decision.Value);
    }
}
