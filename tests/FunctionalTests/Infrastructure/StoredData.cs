using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenRouterSaaS.Application.Common;
using OpenRouterSaaS.Domain.ApiTokens;
using OpenRouterSaaS.Domain.Audit;
using OpenRouterSaaS.Domain.Tenants;
using OpenRouterSaaS.Infrastructure.Identity;
using OpenRouterSaaS.Infrastructure.Persistence;

namespace OpenRouterSaaS.FunctionalTests.Infrastructure;

/// <summary>
/// What the app has stored, read from outside any tenant (so the tenant filter is lifted by name), to check that
/// an action changed what it should and that a refused one changed nothing.
/// </summary>
public sealed class StoredData(IServiceProvider services)
{
    public Task<Tenant?> TenantAsync(string slug) =>
        ReadAsync(db => db.Tenants.AsNoTracking().SingleOrDefaultAsync(tenant => tenant.Slug == slug));

    public Task<int> TenantsNamedAsync(string name) =>
        ReadAsync(db => db.Tenants.CountAsync(tenant => tenant.Name == name));

    public Task<ApplicationUser?> UserAsync(string email) =>
        ReadAsync(db => db.Users.AsNoTracking().SingleOrDefaultAsync(user => user.NormalizedEmail == email.ToUpperInvariant()));

    public Task<int> UsersWithEmailAsync(string email) =>
        ReadAsync(db => db.Users.CountAsync(user => user.NormalizedEmail == email.ToUpperInvariant()));

    /// <summary>The role of <paramref name="email"/> in <paramref name="slug"/>, or null when they are not a member.</summary>
    public async Task<TenantRole?> RoleAsync(string slug, string email)
    {
        var roles = await MembershipsOfAsync(slug, email);
        return roles.Count == 0 ? null : roles.Single();
    }

    /// <summary>Every membership of <paramref name="email"/> in <paramref name="slug"/> (never more than one, if all is well).</summary>
    public Task<List<TenantRole>> MembershipsOfAsync(string slug, string email) =>
        ReadAsync(db => Memberships(db)
            .Join(db.Tenants.Where(tenant => tenant.Slug == slug), membership => membership.TenantId, tenant => tenant.Id, (membership, _) => membership)
            .Join(db.Users.Where(user => user.NormalizedEmail == email.ToUpperInvariant()), membership => membership.UserId, user => user.Id, (membership, _) => membership.Role)
            .ToListAsync());

    public Task<int> MemberCountAsync(string slug) =>
        ReadAsync(db => Memberships(db).CountAsync(membership => db.Tenants.Any(tenant => tenant.Id == membership.TenantId && tenant.Slug == slug)));

    /// <summary>Every membership still stored for a tenant id, whether or not the tenant itself is.</summary>
    public Task<int> MembershipsOfTenantIdAsync(Guid tenantId) =>
        ReadAsync(db => Memberships(db).CountAsync(membership => membership.TenantId == tenantId));

    public Task<List<Invitation>> InvitationsForAsync(string email) =>
        ReadAsync(db => db.Invitations.IgnoreQueryFilters([QueryFilters.Tenant]).AsNoTracking()
            .Where(invitation => invitation.Email == email).ToListAsync());

    public Task<int> InvitationCountAsync(string slug) =>
        ReadAsync(db => db.Invitations.IgnoreQueryFilters([QueryFilters.Tenant])
            .CountAsync(invitation => db.Tenants.Any(tenant => tenant.Id == invitation.TenantId && tenant.Slug == slug)));

    /// <summary>The API tokens of <paramref name="email"/> in <paramref name="slug"/>, oldest first.</summary>
    public Task<List<ApiToken>> ApiTokensOfAsync(string slug, string email) =>
        ReadAsync(db => db.ApiTokens.IgnoreQueryFilters([QueryFilters.Tenant]).AsNoTracking()
            .Where(token => db.Tenants.Any(tenant => tenant.Id == token.TenantId && tenant.Slug == slug))
            .Where(token => db.Users.Any(user => user.Id == token.UserId && user.NormalizedEmail == email.ToUpperInvariant()))
            .OrderBy(token => token.CreatedAt)
            .ToListAsync());

    public Task<List<AuditEntry>> AuditEntriesAsync(string slug) =>
        ReadAsync(db => db.AuditEntries.IgnoreQueryFilters([QueryFilters.Tenant]).AsNoTracking()
            .Where(entry => db.Tenants.Any(tenant => tenant.Id == entry.TenantId && tenant.Slug == slug))
            .OrderBy(entry => entry.OccurredAt)
            .ToListAsync());

    /// <summary>Every row of <paramref name="table"/> as PostgreSQL prints it, to look for what must never be stored.</summary>
    public Task<List<string>> RowsAsTextAsync(string table)
    {
        var sql = $"SELECT row_to_json(t)::text AS \"Value\" FROM {table} t";
        return ReadAsync(db => db.Database.SqlQueryRaw<string>(sql).ToListAsync());
    }

    private static IQueryable<Membership> Memberships(AppDbContext db) => db.Memberships.IgnoreQueryFilters([QueryFilters.Tenant]).AsNoTracking();

    private async Task<T> ReadAsync<T>(Func<AppDbContext, Task<T>> query)
    {
        await using var scope = services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }
}
