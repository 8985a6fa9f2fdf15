using Microsoft.AspNetCore.Authorization;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.Web.Tenancy;

public static class TenantPolicies
{
    public const string Member = "TenantMember";
    public const string Admin = "TenantAdmin";
    public const string Owner = "TenantOwner";

    public static AuthorizationPolicy Require(TenantRole role) =>
        new AuthorizationPolicyBuilder().RequireAuthenticatedUser().AddRequirements(new TenantRoleRequirement(role)).Build();
}

/// <summary>The signed-in person needs at least <see cref="Role"/> in the tenant the request resolved.</summary>
public sealed record TenantRoleRequirement(TenantRole Role) : IAuthorizationRequirement;

public sealed class TenantRoleHandler(ITenantContext tenant) : AuthorizationHandler<TenantRoleRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, TenantRoleRequirement requirement)
    {
        if (tenant.Role is { } role && role >= requirement.Role)
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
