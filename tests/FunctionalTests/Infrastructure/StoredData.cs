using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenRouterSaaS.Application.Common;
using OpenRouterSaaS.Domain.ApiTokens;
using OpenRouterSaaS.Domain.Audit;
using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.Domain.Tenants;
using OpenRouterSaaS.Domain.Usage;
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

    /// <summary>Every OpenRouter key stored for a tenant, as stored (encrypted).</summary>
    public Task<List<OpenRouterCredential>> CredentialsAsync(string slug) =>
        ReadAsync(db => db.OpenRouterCredentials.IgnoreQueryFilters([QueryFilters.Tenant]).AsNoTracking()
            .Where(credential => db.Tenants.Any(tenant => tenant.Id == credential.TenantId && tenant.Slug == slug))
            .ToListAsync());

    /// <summary>The stored key of one kind in a tenant (for a personal key, the one of <paramref name="ownerEmail"/>), or null.</summary>
    public async Task<OpenRouterCredential?> CredentialAsync(string slug, CredentialKind kind, string? ownerEmail = null)
    {
        var ownerId = ownerEmail is null ? (Guid?)null : (await UserAsync(ownerEmail))!.Id;
        return (await CredentialsAsync(slug)).SingleOrDefault(credential => credential.Kind == kind && credential.OwnerUserId == ownerId);
    }

    /// <summary>Every stored credential row of every tenant, each column as PostgreSQL prints it: what a database dump would show.</summary>
    public async Task<List<string>> CredentialRowsAsTextAsync()
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "SELECT c::text FROM openrouter_credentials c";
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    /// <summary>The tenant's stored model allow-list as one line (mode|allow|deny|ceilings|updated), or "none": to show that nothing changed.</summary>
    public async Task<string> AllowListAsync(string slug)
    {
        var row = await ReadAsync(db => db.ModelAllowLists.IgnoreQueryFilters([QueryFilters.Tenant]).AsNoTracking()
            .SingleOrDefaultAsync(allowList => db.Tenants.Any(tenant => tenant.Id == allowList.TenantId && tenant.Slug == slug)));
        return row is null
            ? "none"
            : $"{row.Mode}|{string.Join(",", row.AllowPatterns)}|{string.Join(",", row.DenyPatterns)}|{row.MaxPromptPricePerMillion}|{row.MaxCompletionPricePerMillion}|{row.UpdatedAt:O}";
    }

    /// <summary>The tenant's usage ledger rows.</summary>
    public Task<List<UsageRecord>> UsageRecordsAsync(string slug) =>
        ReadAsync(db => db.UsageRecords.IgnoreQueryFilters([QueryFilters.Tenant]).AsNoTracking()
            .Where(row => db.Tenants.Any(tenant => tenant.Id == row.TenantId && tenant.Slug == slug))
            .ToListAsync());

    public Task<Membership?> MembershipAsync(string slug, string email) =>
        ReadAsync(db => Memberships(db)
            .Where(membership => db.Tenants.Any(tenant => tenant.Id == membership.TenantId && tenant.Slug == slug))
            .Join(db.Users.Where(user => user.NormalizedEmail == email.ToUpperInvariant()), membership => membership.UserId, user => user.Id, (membership, _) => membership)
            .SingleOrDefaultAsync());

    private static IQueryable<Membership> Memberships(AppDbContext db) => db.Memberships.IgnoreQueryFilters([QueryFilters.Tenant]).AsNoTracking();

    private async Task<T> ReadAsync<T>(Func<AppDbContext, Task<T>> query)
    {
        await using var scope = services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }
}
