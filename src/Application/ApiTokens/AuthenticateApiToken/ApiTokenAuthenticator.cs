using Microsoft.EntityFrameworkCore;
using OpenRouterSaaS.Application.Common;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Common.Security;
using OpenRouterSaaS.Domain.ApiTokens;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.Application.ApiTokens.AuthenticateApiToken;

/// <summary>Finds whose a presented <c>ors_</c> token is, for the gateway: no tenant is known before the token names one.</summary>
public interface IApiTokenAuthenticator
{
    Task<ApiTokenAuthentication> AuthenticateAsync(string? presented, CancellationToken cancellationToken = default);

    /// <summary>The same for a well-formed token known by its hash (<see cref="OpaqueToken.Hash"/>).</summary>
    Task<ApiTokenAuthentication> AuthenticateHashAsync(byte[] hash, CancellationToken cancellationToken = default);
}

/// <summary>Why a presented token was refused.</summary>
public enum ApiTokenRejection
{
    /// <summary>Not shaped like a token at all.</summary>
    Malformed,

    /// <summary>Well formed, but no such token exists.</summary>
    Unknown,
    Revoked,
    Expired,

    /// <summary>The token's owner has left the tenant or was removed from it.</summary>
    NotAMember,
}

/// <summary>The tenant, member and token a request authenticated as, and when the token expires (null: never).</summary>
public sealed record AuthenticatedApiToken(Guid TokenId, Guid TenantId, string TenantSlug, Guid UserId, TenantRole Role, DateTimeOffset? ExpiresAt = null);

/// <summary>Either the token's owner and tenant, or the reason it was refused.</summary>
public sealed record ApiTokenAuthentication(AuthenticatedApiToken? Token, ApiTokenRejection? Rejection)
{
    public bool Succeeded => Token is not null;

    /// <summary>What to tell the client; it never repeats the token.</summary>
    public string? Message => Rejection switch
    {
        null => null,
        ApiTokenRejection.Malformed => "The API token is missing or malformed. Send it as \"Authorization: Bearer ors_...\".",
        ApiTokenRejection.Unknown => "The API token is not valid.",
        ApiTokenRejection.Revoked => "The API token was revoked.",
        ApiTokenRejection.Expired => "The API token has expired.",
        ApiTokenRejection.NotAMember => "The API token's owner is no longer a member of its tenant.",
        _ => "The API token was refused.",
    };

    public static ApiTokenAuthentication Refused(ApiTokenRejection rejection) => new(null, rejection);
}

public sealed class ApiTokenAuthenticator(IAppDbContext db, TimeProvider clock) : IApiTokenAuthenticator
{
    /// <summary>Last-used times are kept to this precision, so a busy token costs one write a minute, not one per call.</summary>
    public static readonly TimeSpan LastUsedPrecision = TimeSpan.FromMinutes(1);

    public async Task<ApiTokenAuthentication> AuthenticateAsync(string? presented, CancellationToken cancellationToken = default)
    {
        if (!ApiTokenFormat.IsWellFormed(presented))
        {
            return ApiTokenAuthentication.Refused(ApiTokenRejection.Malformed);
        }

        return await AuthenticateHashAsync(OpaqueToken.Hash(presented!), cancellationToken);
    }

    public async Task<ApiTokenAuthentication> AuthenticateHashAsync(byte[] hash, CancellationToken cancellationToken = default)
    {
        // No tenant is known yet: the token's hash is the predicate, and the tenant is the token's own. Lifting the
        // filter lifts it for the whole query, so the membership below is looked up in the token's tenant, by id.
        var found = await db.ApiTokens.IgnoreQueryFilters([QueryFilters.Tenant]).AsNoTracking()
            .Where(token => token.TokenHash == hash)
            .Select(token => new
            {
                token.Id,
                token.TenantId,
                token.UserId,
                token.ExpiresAt,
                token.RevokedAt,
                token.LastUsedAt,
                token.CreatedAt,
                Slug = db.Tenants.Where(tenant => tenant.Id == token.TenantId).Select(tenant => tenant.Slug).FirstOrDefault(),
                Membership = db.Memberships
                    .Where(membership => membership.TenantId == token.TenantId && membership.UserId == token.UserId)
                    .Select(membership => new { membership.Role, membership.JoinedAt })
                    .FirstOrDefault(),
            })
            .SingleOrDefaultAsync(cancellationToken);

        var now = clock.GetUtcNow();
        if (found is null || found.Slug is null)
        {
            return ApiTokenAuthentication.Refused(ApiTokenRejection.Unknown);
        }

        if (found.RevokedAt is not null)
        {
            return ApiTokenAuthentication.Refused(ApiTokenRejection.Revoked);
        }

        if (found.ExpiresAt is { } expiresAt && now >= expiresAt)
        {
            return ApiTokenAuthentication.Refused(ApiTokenRejection.Expired);
        }

        // A token made before the owner's current membership began belongs to an earlier one, which ended when they
        // left or were removed: joining again does not bring old tokens back.
        if (found.Membership is null || found.CreatedAt < found.Membership.JoinedAt)
        {
            return ApiTokenAuthentication.Refused(ApiTokenRejection.NotAMember);
        }

        if (found.LastUsedAt is null || now - found.LastUsedAt >= LastUsedPrecision)
        {
            await RecordUseAsync(found.Id, found.TenantId, now, cancellationToken);
        }

        return new ApiTokenAuthentication(new AuthenticatedApiToken(found.Id, found.TenantId, found.Slug, found.UserId, found.Membership.Role, found.ExpiresAt), null);
    }

    private Task<int> RecordUseAsync(Guid tokenId, Guid tenantId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var staleBefore = now - LastUsedPrecision;
        // ExecuteUpdate skips the tenant interceptor, so the tenant predicate is stated. The staleness condition makes
        // concurrent calls with one token write once.
        return db.ApiTokens.IgnoreQueryFilters([QueryFilters.Tenant])
            .Where(token => token.Id == tokenId && token.TenantId == tenantId && (token.LastUsedAt == null || token.LastUsedAt <= staleBefore))
            .ExecuteUpdateAsync(set => set.SetProperty(token => token.LastUsedAt, now), cancellationToken);
    }
}
