using OpenRouterSaaS.Application.ApiTokens.AuthenticateApiToken;
using OpenRouterSaaS.Application.Common.Security;
using OpenRouterSaaS.Domain.ApiTokens;
using OpenRouterSaaS.Domain.Common;

namespace OpenRouterSaaS.Application.Gateway.Callers;

/// <summary>
/// Who a gateway call is from and what it may do: an API token this instance authenticated lately, and the context its
/// last call read, come from <see cref="ApiCallerCache"/>; anything else is read from the database.
/// </summary>
public sealed class GatewayCallers(ApiCallerCache cache, IApiTokenAuthenticator authenticator, CallerContextReader reader)
{
    /// <summary>The caller behind a presented token, from memory when it was authenticated within <see cref="ApiCallerCache.MaxAge"/>.</summary>
    public async Task<(CachedCaller? Caller, ApiTokenAuthentication Authentication)> AuthenticateAsync(string? presented, CancellationToken cancellationToken = default)
    {
        if (!ApiTokenFormat.IsWellFormed(presented))
        {
            return (null, await authenticator.AuthenticateAsync(presented, cancellationToken));
        }

        var hash = OpaqueToken.Hash(presented!);
        var key = Convert.ToBase64String(hash);
        if (cache.Find(key) is { } known)
        {
            return (known, new ApiTokenAuthentication(known.Token, null));
        }

        return await AuthenticateAgainAsync(key, hash, cancellationToken);
    }

    /// <summary>
    /// The context of <paramref name="caller"/>'s call: the remembered one unless <paramref name="fresh"/>; otherwise read,
    /// and an API token is then authenticated again (its revocation is one of the changes that moves the settings on).
    /// Null with the refusal when the token or the membership is no longer good.
    /// </summary>
    public async Task<(CallerContext? Context, GatewayResponse? Refusal)> ContextAsync(GatewayCaller caller, bool fresh, CancellationToken cancellationToken = default)
    {
        var remembered = caller.Remembered;
        if (remembered is not null && !fresh && remembered.Context is { } known)
        {
            return (known, null);
        }

        // The context, its version first, is read before the token is checked: a revocation committed before the check
        // refuses this call, and one committed after it has moved the settings past the version remembered. Checked
        // first, a revocation landing between the two would be remembered as allowed, at the version that includes it.
        var read = await reader.ReadAsync(caller.UserId, cancellationToken);
        if (remembered is not null)
        {
            var (again, authentication) = await AuthenticateAgainAsync(remembered.Key, Convert.FromBase64String(remembered.Key), cancellationToken);
            if (again is null)
            {
                return (null, GatewayResponse.Error(401, authentication.Message!));
            }

            remembered = again;
        }

        if (!read.IsSuccess)
        {
            return (null, GatewayResponse.Of(read.Error!));
        }

        if (remembered is not null)
        {
            remembered.Context = read.Value with { FromMemory = true };
        }

        return (read.Value, null);
    }

    private async Task<(CachedCaller? Caller, ApiTokenAuthentication Authentication)> AuthenticateAgainAsync(string key, byte[] hash, CancellationToken cancellationToken)
    {
        var authentication = await authenticator.AuthenticateHashAsync(hash, cancellationToken);
        if (authentication.Token is not { } token)
        {
            cache.Forget(key);
            return (null, authentication);
        }

        return (cache.Remember(key, token), authentication);
    }
}
