using Microsoft.EntityFrameworkCore;
using OpenRouterSaaS.Application.Common;
using OpenRouterSaaS.Application.Common.Security;
using OpenRouterSaaS.Domain.ApiTokens;
using OpenRouterSaaS.Domain.Audit;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.IntegrationTests.Infrastructure;

/// <summary>API tokens and audit entries as the app stores them, and reads of them from outside any tenant.</summary>
public static class ApiTokenData
{
    /// <summary>Stores a token for <paramref name="member"/>; returns it with the only copy of the token itself.</summary>
    public static async Task<(ApiToken Token, string Plain)> AddApiTokenAsync(
        this PostgresDatabase database, Tenant tenant, Membership member, DateTimeOffset? expiresAt = null, bool revoked = false)
    {
        var (plain, hash) = OpaqueToken.Create(ApiTokenFormat.Prefix);
        var token = new ApiToken(tenant.Id, member.UserId, "token " + plain[^4..], hash, plain[^4..], TestData.Now, expiresAt);
        if (revoked)
        {
            token.Revoke(member.UserId, TestData.Now);
        }

        await using var scope = database.OpenScope(tenant);
        scope.Db.ApiTokens.Add(token);
        await scope.Db.SaveChangesAsync();
        return (token, plain);
    }

    public static async Task<ApiToken?> FindApiTokenAsync(this PostgresDatabase database, Guid id)
    {
        await using var scope = database.OpenScope();
        return await scope.Db.ApiTokens.IgnoreQueryFilters([QueryFilters.Tenant]).AsNoTracking().SingleOrDefaultAsync(token => token.Id == id);
    }

    public static async Task<List<AuditEntry>> AuditEntriesOfAsync(this PostgresDatabase database, Tenant tenant)
    {
        await using var scope = database.OpenScope();
        return await scope.Db.AuditEntries.IgnoreQueryFilters([QueryFilters.Tenant]).AsNoTracking()
            .Where(entry => entry.TenantId == tenant.Id).OrderBy(entry => entry.OccurredAt).ToListAsync();
    }
}
