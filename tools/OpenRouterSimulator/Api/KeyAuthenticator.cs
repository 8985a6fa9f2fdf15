using OpenRouterSimulator.Keys;

namespace OpenRouterSimulator.Api;

/// <summary>Resolves <c>Authorization: Bearer sk-or-v1-...</c> to a live key, or answers 401 as OpenRouter does.</summary>
internal sealed class KeyAuthenticator(SimulatorState state)
{
    /// <summary>The calling key, or null once a 401 has been written.</summary>
    public async ValueTask<ApiKey?> AuthenticateAsync(HttpContext context)
    {
        var secret = KeySecrets.ReadBearer(context.Request.Headers.Authorization);
        if (secret is null)
        {
            await OpenRouterErrors.WriteAsync(context, StatusCodes.Status401Unauthorized, "No auth credentials found");
            return null;
        }

        var key = state.FindBySecret(secret);
        var message = key?.State(state.Time.GetUtcNow()) switch
        {
            KeyState.Active => null,
            KeyState.Disabled => "This API key is disabled",
            KeyState.Expired => "This API key has expired",
            _ => "User not found.",
        };
        if (message is null)
        {
            return key;
        }

        await OpenRouterErrors.WriteAsync(context, StatusCodes.Status401Unauthorized, message);
        return null;
    }
}
