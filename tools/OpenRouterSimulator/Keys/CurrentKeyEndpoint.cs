using OpenRouterSimulator.Accounting;
using OpenRouterSimulator.Api;
using OpenRouterSimulator.Faults;

namespace OpenRouterSimulator.Keys;

/// <summary><c>GET /api/v1/key</c>: the calling key's label, limit and usage; any valid key may ask.</summary>
internal sealed class CurrentKeyEndpoint(SimulatorState state, KeyAuthenticator authenticator, FaultResponder faults)
{
    public async Task HandleAsync(HttpContext context)
    {
        var key = await authenticator.AuthenticateAsync(context);
        if (key is null || await faults.InterceptAsync(context))
        {
            return;
        }

        var view = key.View(UtcCalendar.Today(state.Time));
        var isFreeTier = key.Account.Balance().Credits <= 0m;
        await context.Response.WriteAsJsonAsync(new CurrentKeyResponse(CurrentKeyData.From(view, isFreeTier)), SimulatorJsonContext.Wire.CurrentKeyResponse);
    }
}
