using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Common.Security;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.Application.Tenants.DeleteTenant;

/// <summary>Deletes the current tenant with its memberships and invitations, once the owner typed its slug to confirm.</summary>
[RequireTenantRole(TenantRole.Owner)]
public sealed record DeleteTenantCommand(string ConfirmSlug) : ICommand<Result>;

public sealed class DeleteTenantHandler(IAppDbContext db, ITenantContext tenantContext) : ICommandHandler<DeleteTenantCommand, Result>
{
    public async ValueTask<Result> Handle(DeleteTenantCommand command, CancellationToken cancellationToken)
    {
        if (!string.Equals(command.ConfirmSlug?.Trim(), tenantContext.Slug, StringComparison.Ordinal))
        {
            return Error.InvalidField(nameof(command.ConfirmSlug), $"Type the tenant's slug, {tenantContext.Slug}, exactly to confirm.");
        }

        var tenant = await db.Tenants.SingleAsync(tenant => tenant.Id == tenantContext.TenantId, cancellationToken);
        db.Tenants.Remove(tenant);
        await db.SaveChangesAsync(cancellationToken);
        return Result.Success();
    }
}
