using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Common.Security;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.Application.Keys.GetTenantKeys;

/// <summary>The current tenant's shared and management keys (masked), its key policy and credit, for admins.</summary>
[RequireTenantRole(TenantRole.Admin)]
public sealed record GetTenantKeysQuery : IQuery<Result<TenantKeysPage>>;

/// <param name="MembersWithOwnKey">Members who saved a key of their own in this tenant.</param>
/// <param name="MembersDeniedSharedKey">Members who may not use the shared key.</param>
public sealed record TenantKeysPage(
    StoredKey? Shared,
    StoredKey? Management,
    KeyPolicy Policy,
    decimal? CreditRemaining,
    DateTimeOffset? CreditCheckedAt,
    int MemberCount,
    int MembersWithOwnKey,
    int MembersDeniedSharedKey);

public sealed class GetTenantKeysHandler(IAppDbContext db, ITenantContext tenantContext, TimeProvider clock)
    : IQueryHandler<GetTenantKeysQuery, Result<TenantKeysPage>>
{
    public async ValueTask<Result<TenantKeysPage>> Handle(GetTenantKeysQuery query, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var tenant = await db.Tenants.AsNoTracking().SingleAsync(tenant => tenant.Id == tenantContext.TenantId, cancellationToken);
        var keys = await db.OpenRouterCredentials.AsNoTracking()
            .Where(credential => credential.Kind != CredentialKind.Personal)
            .ToListAsync(cancellationToken);
        var members = await db.Memberships.CountAsync(cancellationToken);
        var withOwnKey = await db.OpenRouterCredentials.CountAsync(credential => credential.Kind == CredentialKind.Personal, cancellationToken);
        var denied = await db.Memberships.CountAsync(membership => !membership.MayUseSharedKey, cancellationToken);
        var management = keys.SingleOrDefault(key => key.Kind == CredentialKind.Management);
        return new TenantKeysPage(
            keys.SingleOrDefault(key => key.Kind == CredentialKind.Shared) is { } shared ? StoredKey.From(shared, now) : null,
            management is null ? null : StoredKey.From(management, now),
            tenant.KeyPolicy,
            management is null ? null : tenant.CreditRemaining,
            management is null ? null : tenant.CreditCheckedAt,
            members,
            withOwnKey,
            denied);
    }
}
