using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Common.Security;
using OpenRouterSaaS.Domain.ApiTokens;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.Application.ApiTokens.GetMyApiTokens;

/// <summary>The signed-in member's tokens in the current tenant, newest first. Never the tokens themselves.</summary>
[RequireTenantRole(TenantRole.Member)]
public sealed record GetMyApiTokensQuery : IQuery<Result<IReadOnlyList<ApiTokenRow>>>;

/// <summary>A token as a list shows it: its name and masked form, its dates and its status now.</summary>
public sealed record ApiTokenRow(
    Guid Id, string Name, string Masked, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt, ApiTokenStatus Status);

public sealed class GetMyApiTokensHandler(IAppDbContext db, ICurrentUser currentUser, TimeProvider clock)
    : IQueryHandler<GetMyApiTokensQuery, Result<IReadOnlyList<ApiTokenRow>>>
{
    public async ValueTask<Result<IReadOnlyList<ApiTokenRow>>> Handle(GetMyApiTokensQuery query, CancellationToken cancellationToken)
    {
        var userId = currentUser.RequiredUserId;
        var now = clock.GetUtcNow();
        var tokens = await db.ApiTokens.AsNoTracking()
            .Where(token => token.UserId == userId)
            .OrderByDescending(token => token.CreatedAt)
            .ToListAsync(cancellationToken);
        return tokens.Select(token => ToRow(token, now)).ToList();
    }

    internal static ApiTokenRow ToRow(ApiToken token, DateTimeOffset now) =>
        new(token.Id, token.Name, token.Masked, token.CreatedAt, token.ExpiresAt, token.LastUsedAt, token.RevokedAt, token.StatusAt(now));
}
