using OpenRouterSimulator.Accounting;
using OpenRouterSimulator.Admin;
using OpenRouterSimulator.Api;
using OpenRouterSimulator.Catalogue;
using OpenRouterSimulator.Chat;
using OpenRouterSimulator.Faults;
using OpenRouterSimulator.Generations;
using OpenRouterSimulator.Keys;
using OpenRouterSimulator.RequestLogging;

namespace OpenRouterSimulator;

/// <summary>Builds the simulator as a <see cref="WebApplication"/>: <c>Program</c> runs it, tests host it in-process.</summary>
public static class SimulatorApp
{
    /// <summary>
    /// Creates the simulator. <paramref name="configure"/> runs after configuration binding, so tests can override any option
    /// (for example <see cref="SimulatorOptions.GenerationDelay"/> or <see cref="SimulatorOptions.TimeProvider"/>).
    /// </summary>
    public static WebApplication Create(string[] args, Action<SimulatorOptions>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(SimulatorApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });

        var options = new SimulatorOptions();
        builder.Configuration.GetSection(SimulatorOptions.SectionName).Bind(options);
        configure?.Invoke(options);
        Validate(options);

        if (!builder.Configuration.GetSection("Logging:LogLevel").Exists())
        {
            // Quiet by default: nothing is logged per request, only the start-up lines.
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
            builder.Logging.AddFilter("OpenRouterSimulator", LogLevel.Information);
        }

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(sp => new SimulatorState(options, new ModelCatalogue()));

        var app = builder.Build();
        var state = app.Services.GetRequiredService<SimulatorState>();
        MapOpenRouterApi(app, state);
        if (options.EnableAdminEndpoints)
        {
            AdminEndpoints.Map(app, state);
        }

        app.Lifetime.ApplicationStarted.Register(() => LogStart(app, state));
        app.MapGet("/", context => context.Response.WriteAsync(
            "OpenRouter simulator: the OpenRouter API under /api/v1, simulator controls under /_sim. See tools/OpenRouterSimulator/README.md."));
        return app;
    }

    private static void MapOpenRouterApi(WebApplication app, SimulatorState state)
    {
        var log = new RequestLogMiddleware(state);
        app.Use((context, next) => log.InvokeAsync(context, () => next(context)));

        var authenticator = new KeyAuthenticator(state);
        var faults = new FaultResponder(state);
        var chat = new ChatCompletionEndpoint(state, authenticator, faults, new ModelRouter(state.Catalogue), new StreamingResponder(state));
        var models = new ModelsEndpoint(state.Catalogue, faults);
        var generation = new GenerationEndpoint(state, authenticator, faults);
        var currentKey = new CurrentKeyEndpoint(state, authenticator, faults);
        var keys = new KeysEndpoints(state, authenticator, faults);
        var credits = new CreditsEndpoint(authenticator, faults);
        var activity = new ActivityEndpoint(state, authenticator, faults);

        var api = app.MapGroup("/api/v1");
        api.MapGet("/models", models.HandleAsync);
        api.MapPost("/chat/completions", chat.HandleAsync);
        api.MapGet("/generation", generation.HandleAsync);
        api.MapGet("/key", currentKey.HandleAsync);
        api.MapGet("/credits", credits.HandleAsync);
        api.MapGet("/activity", activity.HandleAsync);
        api.MapGet("/keys", keys.ListAsync);
        api.MapPost("/keys", keys.CreateAsync);
        api.MapGet("/keys/{hash}", context => keys.GetAsync(context, HashOf(context)));
        api.MapPatch("/keys/{hash}", context => keys.UpdateAsync(context, HashOf(context)));
        api.MapDelete("/keys/{hash}", context => keys.DeleteAsync(context, HashOf(context)));
    }

    private static void LogStart(WebApplication app, SimulatorState state)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("OpenRouterSimulator");
        var options = state.Options;
        logger.LogInformation(
            "OpenRouter simulator: {Models} models, generation delay {Delay}, chunk delay {ChunkDelay}, admin endpoints {Admin}",
            state.Catalogue.Models.Count, options.GenerationDelay, options.ChunkDelay, options.EnableAdminEndpoints ? "on" : "off");
        if (state.DemoKeys is { } demo)
        {
            // Fingerprints only: the keys themselves come from GET /_sim/demo-keys or the seed (see README).
            logger.LogInformation(
                "Demo keys of account '{Account}' derived from the seed: user key {User}, management key {Management} (fingerprints)",
                demo.Account, KeySecrets.Fingerprint(demo.UserKey), KeySecrets.Fingerprint(demo.ManagementKey));
        }
    }

    private static string HashOf(HttpContext context) => context.Request.RouteValues["hash"] as string ?? "";

    private static void Validate(SimulatorOptions options)
    {
        if (options.MinReplyWords < 1 || options.MaxReplyWords < options.MinReplyWords)
        {
            throw new InvalidOperationException("Simulator: MinReplyWords must be at least 1 and MaxReplyWords at least MinReplyWords");
        }

        if (options.GenerationDelay < TimeSpan.Zero || options.ChunkDelay < TimeSpan.Zero)
        {
            throw new InvalidOperationException("Simulator: GenerationDelay and ChunkDelay must not be negative");
        }
    }
}
