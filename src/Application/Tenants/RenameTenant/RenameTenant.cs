using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Common.Security;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.Application.Tenants.RenameTenant;

/// <summary>Gives the current tenant a new display name; its slug stays.</summary>
[RequireTenantRole(TenantRole.Owner)]
public sealed record RenameTenantCommand(string Name) : ICommand<Result>;

public sealed class RenameTenantValidator : AbstractValidator<RenameTenantCommand>
{
    public RenameTenantValidator() => RuleFor(command => command.Name).ValidTenantName();
}

public sealed class RenameTenantHandler(IAppDbContext db, ITenantContext tenantContext) : ICommandHandler<RenameTenantCommand, Result>
{
    public async ValueTask<Result> Handle(RenameTenantCommand command, CancellationToken cancellationToken)
    {
        var tenant = await db.Tenants.SingleAsync(tenant => tenant.Id == tenantContext.TenantId, cancellationToken);
        tenant.Rename(command.Name);
        await db.SaveChangesAsync(cancellationToken);
        return Result.Success();
    }
}
