using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using OpenRouterSaaS.Application.Common;
using OpenRouterSaaS.Application.Common.Interfaces;

namespace OpenRouterSaaS.Web.Tenancy;

/// <summary>
/// Resolves /t/{slug}/... to a tenant the signed-in person belongs to and fills <see cref="ITenantContext"/>.
/// A tenant that does not exist and one the person is not a member of both answer 404, so the
/// existence of a tenant is never revealed.
/// </summary>
public sealed class TenantResolutionMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, IAppDbContext db, ITenantContext tenantContext)
    {
        if (SlugOf(context.Request.Path) is { } slug
            && context.User.Identity?.IsAuthenticated == true
            && Guid.TryParse(context.User.FindFirstValue(ClaimTypes.NameIdentifier), out var userId))
        {
            var membership = await db.Memberships.IgnoreQueryFilters([QueryFilters.Tenant])
                .Where(membership => membership.UserId == userId)
                .Join(db.Tenants.Where(tenant => tenant.Slug == slug), membership => membership.TenantId, tenant => tenant.Id,
                    (membership, tenant) => new { tenant.Id, tenant.Slug, membership.Role })
                .SingleOrDefaultAsync(context.RequestAborted);
            if (membership is null)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            tenantContext.Enter(membership.Id, membership.Slug, membership.Role);
        }

        await next(context);
    }

    private static string? SlugOf(PathString path)
    {
        if (!path.StartsWithSegments("/t", StringComparison.OrdinalIgnoreCase, out var rest) || !rest.HasValue)
        {
            return null;
        }

        var value = rest.Value!.TrimStart('/');
        var end = value.IndexOf('/', StringComparison.Ordinal);
        var slug = end < 0 ? value : value[..end];
        return slug.Length is > 0 and <= 64 ? slug.ToLowerInvariant() : null;
    }
}
