using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Common.Security;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.Application.ApiTokens.RevokeApiToken;

/// <summary>An admin revokes any member's token in the current tenant.</summary>
[RequireTenantRole(TenantRole.Admin)]
public sealed record RevokeApiTokenCommand(Guid TokenId) : ICommand<Result>;

public sealed class RevokeApiTokenHandler(IAppDbContext db, ICurrentUser currentUser, IAuditLog audit, TimeProvider clock)
    : ICommandHandler<RevokeApiTokenCommand, Result>
{
    public async ValueTask<Result> Handle(RevokeApiTokenCommand command, CancellationToken cancellationToken)
    {
        var token = await db.ApiTokens.SingleOrDefaultAsync(token => token.Id == command.TokenId, cancellationToken);
        if (token is null)
        {
            return Error.NotFound(ApiTokenRevocation.NotFoundMessage);
        }

        var userId = currentUser.RequiredUserId;
        var ownerEmail = token.UserId == userId
            ? null
            : await db.Users.Where(user => user.Id == token.UserId).Select(user => user.Email).SingleOrDefaultAsync(cancellationToken);
        var result = ApiTokenRevocation.Revoke(token, userId, ownerEmail, audit, clock.GetUtcNow());
        if (result.IsSuccess)
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        return result;
    }
}
