using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenRouterSaaS.Application.ApiTokens.GetMyApiTokens;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Common.Security;
using OpenRouterSaaS.Domain.ApiTokens;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.Application.ApiTokens.GetTenantApiTokens;

/// <summary>Every member's tokens in the current tenant, for admins: active ones first, then newest first. Never the tokens themselves.</summary>
[RequireTenantRole(TenantRole.Admin)]
public sealed record GetTenantApiTokensQuery : IQuery<Result<IReadOnlyList<TenantApiTokenRow>>>;

public sealed record TenantApiTokenRow(string OwnerEmail, string? OwnerName, ApiTokenRow Token);

public sealed class GetTenantApiTokensHandler(IAppDbContext db, TimeProvider clock)
    : IQueryHandler<GetTenantApiTokensQuery, Result<IReadOnlyList<TenantApiTokenRow>>>
{
    public async ValueTask<Result<IReadOnlyList<TenantApiTokenRow>>> Handle(GetTenantApiTokensQuery query, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var tokens = await db.ApiTokens.AsNoTracking()
            .Join(db.Users, token => token.UserId, user => user.Id, (token, user) => new { token, user.Email, user.DisplayName })
            .OrderByDescending(pair => pair.token.CreatedAt)
            .ToListAsync(cancellationToken);
        return tokens
            .Select(pair => new TenantApiTokenRow(pair.Email, pair.DisplayName, GetMyApiTokensHandler.ToRow(pair.token, now)))
            .OrderBy(row => row.Token.Status != ApiTokenStatus.Active)
            .ToList();
    }
}
