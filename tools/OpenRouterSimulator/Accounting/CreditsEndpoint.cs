using OpenRouterSimulator.Api;
using OpenRouterSimulator.Faults;

namespace OpenRouterSimulator.Accounting;

/// <summary><c>GET /api/v1/credits</c>: the account's total credits and usage; management keys only.</summary>
internal sealed class CreditsEndpoint(KeyAuthenticator authenticator, FaultResponder faults)
{
    public async Task HandleAsync(HttpContext context)
    {
        var key = await authenticator.AuthenticateAsync(context);
        if (key is null || await faults.InterceptAsync(context))
        {
            return;
        }

        if (!key.IsManagement)
        {
            await OpenRouterErrors.ForbiddenManagementOnlyAsync(context);
            return;
        }

        var (credits, usage) = key.Account.Balance();
        await context.Response.WriteAsJsonAsync(new CreditsResponse(new CreditsData(credits, usage)), SimulatorJsonContext.Wire.CreditsResponse);
    }
}

internal sealed record CreditsResponse(CreditsData Data);

internal sealed record CreditsData(decimal TotalCredits, decimal TotalUsage);
