using Microsoft.EntityFrameworkCore;
using OpenRouterSaaS.Application.Common;
using OpenRouterSaaS.Application.Common.Security;
using OpenRouterSaaS.Domain.Tenants;
using OpenRouterSaaS.Infrastructure.Identity;

namespace OpenRouterSaaS.IntegrationTests.Infrastructure;

/// <summary>Creates people, tenants, memberships and invitations the way the app stores them, each test with its own unique names.</summary>
public static class TestData
{
    /// <summary>The time the test data is created at: the real clock (handlers read it), in whole seconds so it survives a round trip to timestamptz.</summary>
    public static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());

    public static string UniqueSlug() => "t-" + Guid.NewGuid().ToString("N")[..12];

    public static async Task<ApplicationUser> AddUserAsync(this PostgresDatabase database, string? email = null)
    {
        email ??= $"user-{Guid.NewGuid():N}@example.test";
        var user = new ApplicationUser
        {
            UserName = email,
            NormalizedUserName = email.ToUpperInvariant(),
            Email = email,
            NormalizedEmail = email.ToUpperInvariant(),
            EmailConfirmed = true,
            CreatedAt = Now,
        };
        await using var scope = database.OpenScope();
        scope.Db.Users.Add(user);
        await scope.Db.SaveChangesAsync();
        return user;
    }

    public static async Task<Tenant> AddTenantAsync(this PostgresDatabase database, string? slug = null)
    {
        var tenant = new Tenant(slug ?? UniqueSlug(), "Tenant " + Guid.NewGuid().ToString("N")[..6], Now);
        await using var scope = database.OpenScope();
        scope.Db.Tenants.Add(tenant);
        await scope.Db.SaveChangesAsync();
        return tenant;
    }

    public static async Task<Membership> AddMemberAsync(this PostgresDatabase database, Tenant tenant, TenantRole role, ApplicationUser? user = null)
    {
        user ??= await database.AddUserAsync();
        var membership = new Membership(tenant.Id, user.Id, role, Now);
        await using var scope = database.OpenScope(tenant);
        scope.Db.Memberships.Add(membership);
        await scope.Db.SaveChangesAsync();
        return membership;
    }

    public static async Task<(Invitation Invitation, string Token)> AddInvitationAsync(this PostgresDatabase database, Tenant tenant, string email, Guid invitedBy)
    {
        var (token, hash) = OpaqueToken.Create();
        var invitation = new Invitation(tenant.Id, email, TenantRole.Member, hash, invitedBy, Now, Invitation.DefaultLifetime);
        await using var scope = database.OpenScope(tenant);
        scope.Db.Invitations.Add(invitation);
        await scope.Db.SaveChangesAsync();
        return (invitation, token);
    }

    /// <summary>Reads a membership as it is in the database, from outside any tenant, so a test can check nothing changed.</summary>
    public static async Task<Membership?> FindMembershipAsync(this PostgresDatabase database, Guid id)
    {
        await using var scope = database.OpenScope();
        return await scope.Db.Memberships.IgnoreQueryFilters([QueryFilters.Tenant]).AsNoTracking().SingleOrDefaultAsync(membership => membership.Id == id);
    }

    public static async Task<Invitation?> FindInvitationAsync(this PostgresDatabase database, Guid id)
    {
        await using var scope = database.OpenScope();
        return await scope.Db.Invitations.IgnoreQueryFilters([QueryFilters.Tenant]).AsNoTracking().SingleOrDefaultAsync(invitation => invitation.Id == id);
    }

    public static async Task<List<Membership>> MembershipsOfAsync(this PostgresDatabase database, Tenant tenant)
    {
        await using var scope = database.OpenScope();
        return await scope.Db.Memberships.IgnoreQueryFilters([QueryFilters.Tenant]).AsNoTracking()
            .Where(membership => membership.TenantId == tenant.Id).ToListAsync();
    }
}
