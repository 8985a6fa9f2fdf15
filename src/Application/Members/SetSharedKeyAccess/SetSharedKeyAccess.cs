using OpenRouterSaaS.Domain.Audit;
using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Common.Security;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.Application.Members.SetSharedKeyAccess;

/// <summary>Allows or forbids one member of the current tenant to have their calls paid with the shared key.</summary>
[RequireTenantRole(TenantRole.Admin)]
public sealed record SetSharedKeyAccessCommand(Guid MembershipId, bool Allowed) : ICommand<Result>;

public sealed class SetSharedKeyAccessHandler(IAppDbContext db, IAuditLog audit) : ICommandHandler<SetSharedKeyAccessCommand, Result>
{
    public async ValueTask<Result> Handle(SetSharedKeyAccessCommand command, CancellationToken cancellationToken)
    {
        var member = await db.Memberships.SingleOrDefaultAsync(membership => membership.Id == command.MembershipId, cancellationToken);
        if (member is null)
        {
            return MembershipChanges.MemberNotFound();
        }

        member.AllowSharedKey(command.Allowed);
        var email = await db.Users.Where(user => user.Id == member.UserId).Select(user => user.Email).SingleAsync(cancellationToken);
        audit.Record(AuditActions.SharedKeyAccessChanged, new AuditTarget("membership", member.Id),
            command.Allowed ? $"Allowed {email} to use the shared key" : $"Stopped {email} from using the shared key");
        await db.SaveChangesAsync(cancellationToken);
        return Result.Success();
    }
}
