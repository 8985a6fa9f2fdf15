using OpenRouterSaaS.Domain.Tenants;
using OpenRouterSaaS.IntegrationTests.Infrastructure;

namespace OpenRouterSaaS.IntegrationTests.Tenancy;

/// <summary>Tenants A and B, each with an owner, a member and a pending invitation.</summary>
public sealed record TwoTenants(Tenant A, Tenant B, Membership OwnerOfA, Membership MemberOfA, Invitation InvitationOfA, Membership OwnerOfB, Membership MemberOfB, Invitation InvitationOfB)
{
    public static async Task<TwoTenants> CreateAsync(PostgresDatabase database)
    {
        var a = await database.AddTenantAsync();
        var b = await database.AddTenantAsync();
        var ownerOfA = await database.AddMemberAsync(a, TenantRole.Owner);
        var memberOfA = await database.AddMemberAsync(a, TenantRole.Member);
        var ownerOfB = await database.AddMemberAsync(b, TenantRole.Owner);
        var memberOfB = await database.AddMemberAsync(b, TenantRole.Member);
        var (invitationOfA, _) = await database.AddInvitationAsync(a, "new-a@example.test", ownerOfA.UserId);
        var (invitationOfB, _) = await database.AddInvitationAsync(b, "new-b@example.test", ownerOfB.UserId);
        return new TwoTenants(a, b, ownerOfA, memberOfA, invitationOfA, ownerOfB, memberOfB, invitationOfB);
    }
}
