using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Common.Security;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.Application.Keys.GetTenantCredit;

/// <summary>The current tenant's remaining OpenRouter credit as last read, for the admins' navigation bar; null without a management key.</summary>
[RequireTenantRole(TenantRole.Admin)]
public sealed record GetTenantCreditQuery : IQuery<Result<TenantCredit?>>;

public sealed record TenantCredit(decimal Remaining, DateTimeOffset CheckedAt);

public sealed class GetTenantCreditHandler(IAppDbContext db, ITenantContext tenantContext) : IQueryHandler<GetTenantCreditQuery, Result<TenantCredit?>>
{
    public async ValueTask<Result<TenantCredit?>> Handle(GetTenantCreditQuery query, CancellationToken cancellationToken)
    {
        if (!await db.OpenRouterCredentials.AnyAsync(credential => credential.Kind == CredentialKind.Management, cancellationToken))
        {
            return Result<TenantCredit?>.Success(null);
        }

        var credit = await db.Tenants.Where(tenant => tenant.Id == tenantContext.TenantId)
            .Select(tenant => new { tenant.CreditRemaining, tenant.CreditCheckedAt })
            .SingleAsync(cancellationToken);
        return credit is { CreditRemaining: { } remaining, CreditCheckedAt: { } at }
            ? new TenantCredit(remaining, at)
            : Result<TenantCredit?>.Success(null);
    }
}
