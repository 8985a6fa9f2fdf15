using Mediator;
using OpenRouterSaaS.Application.Common.Exceptions;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Common.Security;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Models;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.Application.Tenants.CreateTenant;

/// <summary>Creates a tenant with the default model allow-list; the person who creates it becomes its first owner.</summary>
[RequireSignedIn]
public sealed record CreateTenantCommand(string Name, string Slug) : ICommand<Result<CreatedTenant>>;

public sealed record CreatedTenant(Guid Id, string Slug);

public sealed class CreateTenantHandler(IAppDbContext db, ITenantContext tenantContext, ICurrentUser currentUser, TimeProvider clock)
    : ICommandHandler<CreateTenantCommand, Result<CreatedTenant>>
{
    public async ValueTask<Result<CreatedTenant>> Handle(CreateTenantCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var tenant = new Tenant(command.Slug, command.Name, now);
        tenantContext.Enter(tenant.Id, tenant.Slug, TenantRole.Owner);
        db.Tenants.Add(tenant);
        db.Memberships.Add(new Membership(tenant.Id, currentUser.RequiredUserId, TenantRole.Owner, now));
        db.ModelAllowLists.Add(ModelAllowList.CreateDefault(tenant.Id, now));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DuplicateKeyException)
        {
            // Another request took the slug between validation and this save.
            return Error.InvalidField(nameof(command.Slug), CreateTenantValidator.SlugTakenMessage);
        }

        return new CreatedTenant(tenant.Id, tenant.Slug);
    }
}
