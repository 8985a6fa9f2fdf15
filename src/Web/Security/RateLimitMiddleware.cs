using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using OpenRouterSaaS.Application.Common;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Common.Security;
using OpenRouterSaaS.Application.Gateway;
using OpenRouterSaaS.Domain.ApiTokens;

namespace OpenRouterSaaS.Web.Security;

/// <summary>
/// Applies the <c>RateLimits:*</c> limits, counted in memory per instance with .NET's fixed-window limiters
/// (System.Threading.RateLimiting, on which ASP.NET Core's rate limiting middleware is built):
/// <list type="bullet">
/// <item>posts of each account form per client IP address, against password guessing and mail flooding;</item>
/// <item>API requests per API token, and per tenant over all its tokens.</item>
/// </list>
/// A refused request gets 429 with <c>Retry-After</c>: a page explains it, the API answers in OpenRouter's error shape
/// naming the limit. It is a middleware of its own rather than <c>UseRateLimiter</c>, because the tenant of a token
/// needs a database lookup (cached), which that middleware's synchronous partitioning cannot wait for, and because its
/// rejection cannot tell which of two chained limits refused.
/// </summary>
internal sealed class RateLimitMiddleware(
    RequestDelegate next, RateLimiters limiters, IMemoryCache cache, IOptions<RateLimitOptions> options, ILogger<RateLimitMiddleware> logger)
{
    // How long a token's tenant is remembered: a token never changes tenant, and an unknown token is not remembered.
    private static readonly TimeSpan TenantCacheTime = TimeSpan.FromMinutes(10);

    public async Task InvokeAsync(HttpContext http)
    {
        var request = http.Request;
        if (request.Path.StartsWithSegments("/api"))
        {
            if (await RefuseApiCallAsync(http))
            {
                return;
            }
        }
        else if (HttpMethods.IsPost(request.Method) && AccountForms.NameOf(request.Path) is { } form)
        {
            using var lease = limiters.AccountForms.AttemptAcquire($"{request.Path.Value!.TrimEnd('/').ToUpperInvariant()} {ClientAddress(http)}");
            if (!lease.IsAcquired)
            {
                logger.LogWarning("The {Form} form was posted more than {Limit} times in {Window} from {ClientAddress}; refused.",
                    form, options.Value.AccountFormsPerIp, options.Value.WindowText, ClientAddress(http));
                // No body: the status page says what happened, for the form the request was for.
                SetRetryAfter(http, lease);
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                return;
            }
        }

        await next(http);
    }

    /// <summary>Counts an API call against its token and its tenant; true after answering 429 when either limit is reached.</summary>
    private async Task<bool> RefuseApiCallAsync(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        var presented = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
        // A malformed token is refused by the gateway without touching the database; only real-looking ones are counted.
        if (!ApiTokenFormat.IsWellFormed(presented))
        {
            return false;
        }

        // The token is known here only by its hash: the partition key, and the lookup, never hold the token itself.
        var hash = OpaqueToken.Hash(presented!);
        var settings = options.Value;
        using (var lease = limiters.ApiTokens.AttemptAcquire(Convert.ToHexString(hash)))
        {
            if (!lease.IsAcquired)
            {
                await RefuseAsync(http, lease, $"Rate limit exceeded for this API token: at most {settings.ApiPerToken} requests in {settings.WindowText}.");
                return true;
            }
        }

        if (await TenantOfAsync(http, hash) is not { } tenantId)
        {
            return false;
        }

        using (var lease = limiters.ApiTenants.AttemptAcquire(tenantId.ToString()))
        {
            if (!lease.IsAcquired)
            {
                logger.LogWarning("Tenant {TenantId} sent more than {Limit} API requests in {Window}; refused.", tenantId, settings.ApiPerTenant, settings.WindowText);
                await RefuseAsync(http, lease, $"Rate limit exceeded for this tenant: at most {settings.ApiPerTenant} requests in {settings.WindowText} with all its API tokens together.");
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The tenant of the token with this hash, or null for a token that does not exist (the gateway refuses it), or when
    /// the database cannot answer: the gateway, which needs it too, then answers the call, and this one goes uncounted.
    /// </summary>
    private async Task<Guid?> TenantOfAsync(HttpContext http, byte[] hash)
    {
        var key = "api-token-tenant:" + Convert.ToHexString(hash);
        if (cache.TryGetValue(key, out Guid cached))
        {
            return cached;
        }

        try
        {
            // No tenant is known before the token names one; the unique index on the hash makes this one cheap read.
            var db = http.RequestServices.GetRequiredService<IAppDbContext>();
            var tenantId = await db.ApiTokens.IgnoreQueryFilters([QueryFilters.Tenant]).AsNoTracking()
                .Where(token => token.TokenHash == hash)
                .Select(token => (Guid?)token.TenantId)
                .SingleOrDefaultAsync(http.RequestAborted);
            if (tenantId is { } found)
            {
                cache.Set(key, found, new MemoryCacheEntryOptions { SlidingExpiration = TenantCacheTime, Size = 1 });
            }

            return tenantId;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning(exception, "The tenant of an API token could not be looked up for its rate limit.");
            return null;
        }
    }

    private static async Task RefuseAsync(HttpContext http, RateLimitLease lease, string message)
    {
        var wait = SetRetryAfter(http, lease);
        var error = GatewayResponse.Error(StatusCodes.Status429TooManyRequests, $"{message} Try again in {wait} seconds.");
        http.Response.StatusCode = error.StatusCode;
        http.Response.ContentType = "application/json";
        await http.Response.Body.WriteAsync(error.Body, http.RequestAborted);
    }

    /// <summary>Sets <c>Retry-After</c> to the limiter's wait in whole seconds (a fixed window says its length: the longest wait), and returns them.</summary>
    private static int SetRetryAfter(HttpContext http, RateLimitLease lease)
    {
        var seconds = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 60;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return seconds;
    }

    /// <summary>The client's address as the reverse proxy reported it (see ReverseProxy), IPv4 written as IPv4.</summary>
    private static string ClientAddress(HttpContext http) =>
        http.Connection.RemoteIpAddress is { } address
            ? (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString()
            : "unknown";
}

/// <summary>The limiters behind <see cref="RateLimitMiddleware"/>, one fixed window per partition; one set per instance, for its lifetime.</summary>
internal sealed class RateLimiters(IOptions<RateLimitOptions> options) : IDisposable
{
    public PartitionedRateLimiter<string> AccountForms { get; } = Create(options.Value.AccountFormsPerIp, options.Value.Window);

    public PartitionedRateLimiter<string> ApiTokens { get; } = Create(options.Value.ApiPerToken, options.Value.Window);

    public PartitionedRateLimiter<string> ApiTenants { get; } = Create(options.Value.ApiPerTenant, options.Value.Window);

    public void Dispose()
    {
        AccountForms.Dispose();
        ApiTokens.Dispose();
        ApiTenants.Dispose();
    }

    // Idle partitions are removed by the limiter itself, so the addresses and tokens seen do not pile up.
    private static PartitionedRateLimiter<string> Create(int permits, TimeSpan window) =>
        PartitionedRateLimiter.Create<string, string>(key => permits == 0
            ? RateLimitPartition.GetNoLimiter(key)
            : RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = permits,
                Window = window,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
}
