using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Common.Security;
using OpenRouterSaaS.Domain.Audit;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.Application.Privacy.SetZeroDataRetention;

/// <summary>
/// Requires zero data retention for every call of the current tenant, or stops requiring it (members may then still ask
/// for it per call). Audited in the same save as the change; setting what is already set changes and records nothing.
/// </summary>
[RequireTenantRole(TenantRole.Admin)]
public sealed record SetZeroDataRetentionCommand(bool Required) : ICommand<Result>;

public sealed class SetZeroDataRetentionHandler(IAppDbContext db, ITenantContext tenantContext, IAuditLog audit)
    : ICommandHandler<SetZeroDataRetentionCommand, Result>
{
    public async ValueTask<Result> Handle(SetZeroDataRetentionCommand command, CancellationToken cancellationToken)
    {
        var tenant = await db.Tenants.SingleAsync(tenant => tenant.Id == tenantContext.TenantId, cancellationToken);
        if (tenant.RequiresZeroDataRetention == command.Required)
        {
            return Result.Success();
        }

        tenant.RequireZeroDataRetention(command.Required);
        audit.Record(AuditActions.ZeroDataRetentionChanged, new AuditTarget("tenant", tenant.Id),
            command.Required ? "Required zero data retention for every call." : "Stopped requiring zero data retention for every call.",
            new Dictionary<string, string?> { ["required"] = command.Required ? "true" : "false" });
        await db.SaveChangesAsync(cancellationToken);
        return Result.Success();
    }
}
