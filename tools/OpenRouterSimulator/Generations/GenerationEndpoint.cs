using OpenRouterSimulator.Api;
using OpenRouterSimulator.Faults;

namespace OpenRouterSimulator.Generations;

/// <summary>
/// <c>GET /api/v1/generation?id=</c>: 404 until <see cref="SimulatorOptions.GenerationDelay"/> has passed, then the record,
/// to the key that made it or a management key of its account.
/// </summary>
internal sealed class GenerationEndpoint(SimulatorState state, KeyAuthenticator authenticator, FaultResponder faults)
{
    public async Task HandleAsync(HttpContext context)
    {
        var key = await authenticator.AuthenticateAsync(context);
        if (key is null || await faults.InterceptAsync(context))
        {
            return;
        }

        var id = context.Request.Query["id"].ToString();
        if (id.Length == 0)
        {
            await OpenRouterErrors.BadRequestAsync(context, "id is required");
            return;
        }

        var record = state.Generations.Find(id);
        var visible = record is not null
            && state.Time.GetUtcNow() >= record.CompletedAt + state.Options.GenerationDelay
            && (string.Equals(record.KeyHash, key.Hash, StringComparison.Ordinal)
                || (key.IsManagement && string.Equals(record.AccountName, key.Account.Name, StringComparison.Ordinal)));
        if (!visible)
        {
            await OpenRouterErrors.NotFoundAsync(context, $"Generation {id} not found");
            return;
        }

        RequestNotes.Of(context).GenerationId = id;
        await context.Response.WriteAsJsonAsync(new GenerationResponse(GenerationData.From(record!)), SimulatorJsonContext.Wire.GenerationResponse);
    }
}
