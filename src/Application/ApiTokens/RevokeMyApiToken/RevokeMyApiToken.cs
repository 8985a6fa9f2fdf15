using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Common.Security;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.Application.ApiTokens.RevokeMyApiToken;

/// <summary>The signed-in member revokes one of their own tokens in the current tenant.</summary>
[RequireTenantRole(TenantRole.Member)]
public sealed record RevokeMyApiTokenCommand(Guid TokenId) : ICommand<Result>;

public sealed class RevokeMyApiTokenHandler(IAppDbContext db, ICurrentUser currentUser, IAuditLog audit, TimeProvider clock)
    : ICommandHandler<RevokeMyApiTokenCommand, Result>
{
    public async ValueTask<Result> Handle(RevokeMyApiTokenCommand command, CancellationToken cancellationToken)
    {
        var userId = currentUser.RequiredUserId;
        // Another member's token is as unknown here as another tenant's: only admins act on others' tokens.
        var token = await db.ApiTokens.SingleOrDefaultAsync(token => token.Id == command.TokenId && token.UserId == userId, cancellationToken);
        if (token is null)
        {
            return Error.NotFound(ApiTokenRevocation.NotFoundMessage);
        }

        var result = ApiTokenRevocation.Revoke(token, userId, ownerEmail: null, audit, clock.GetUtcNow());
        if (result.IsSuccess)
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        return result;
    }
}
