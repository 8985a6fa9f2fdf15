using System.Text.Json;
using OpenRouterSimulator.Api;

namespace OpenRouterSimulator.Admin;

/// <summary>
/// The simulator's own control surface under <c>/_sim</c>, outside OpenRouter's API: mint keys, read and clear the request log,
/// reset all state, read the demo keys. Meant for loopback use by tests and scripts.
/// </summary>
internal static class AdminEndpoints
{
    public static void Map(WebApplication app, SimulatorState state)
    {
        var admin = app.MapGroup("/_sim");
        admin.MapGet("/health", context => context.Response.WriteAsync("ok"));
        admin.MapPost("/keys", context => CreateKeyAsync(context, state));
        admin.MapGet("/requests", context => context.Response.WriteAsJsonAsync(
            new AdminRequestLogResponse(state.RequestLog.TotalCount, state.RequestLog.Entries), SimulatorJsonContext.Wire.AdminRequestLogResponse));
        admin.MapDelete("/requests", context =>
        {
            state.RequestLog.Clear();
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        });
        admin.MapPost("/reset", context =>
        {
            state.Reset();
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        });
        admin.MapGet("/demo-keys", context => state.DemoKeys is { } demo
            ? context.Response.WriteAsJsonAsync(
                new AdminDemoKeysResponse(demo.UserKey, demo.ManagementKey, demo.Account, state.Options.Seed), SimulatorJsonContext.Wire.AdminDemoKeysResponse)
            : OpenRouterErrors.NotFoundAsync(context, "Demo keys are not seeded (Simulator:SeedDemoKeys is false)"));
    }

    private static async Task CreateKeyAsync(HttpContext context, SimulatorState state)
    {
        AdminKeyRequest? body;
        try
        {
            body = context.Request.ContentLength == 0
                ? new AdminKeyRequest(null, null, null, null, null, null, null)
                : await JsonSerializer.DeserializeAsync(context.Request.Body, SimulatorJsonContext.Wire.AdminKeyRequest, context.RequestAborted);
        }
        catch (JsonException)
        {
            await OpenRouterErrors.BadRequestAsync(context, "Invalid JSON in request body");
            return;
        }

        body ??= new AdminKeyRequest(null, null, null, null, null, null, null);
        try
        {
            var created = state.CreateKey(new SimulatedKeyRequest(
                body.Label, body.Limit, body.LimitReset, body.Management ?? false, body.Credits, body.Account, body.Key));
            context.Response.StatusCode = StatusCodes.Status201Created;
            await context.Response.WriteAsJsonAsync(
                new AdminKeyResponse(created.Key, created.Hash, created.Label, created.Name, created.Account, created.Management, created.Limit, created.LimitReset),
                SimulatorJsonContext.Wire.AdminKeyResponse);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            await OpenRouterErrors.BadRequestAsync(context, e.Message);
        }
    }
}
