using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Infrastructure.OpenRouter.Adapters;
using OpenRouterSaaS.Infrastructure.OpenRouter.Api;
using OpenRouterSaaS.Infrastructure.OpenRouter.Http;
using Refit;

namespace OpenRouterSaaS.Infrastructure.OpenRouter;

/// <summary>Registers the OpenRouter client: options, one Refit client per surface, the streaming client and the Application ports.</summary>
public static class OpenRouterRegistration
{
    /// <summary>How OpenRouter's JSON is read: property names as the API spells them, numbers possibly quoted.</summary>
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };

    public static IServiceCollection AddOpenRouter(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OpenRouterOptions>().Bind(configuration.GetSection(OpenRouterOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OpenRouterOptions>, OpenRouterOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        // Refit 16 builds requests with its source generator; AddRefitClient would need the reflection builder (Refit.Reflection).
        var refit = new RefitSettings(new SystemTextJsonContentSerializer(Json));
        services.AddRefitGeneratedClient<IModelsApi>(refit).ConfigureForOpenRouter();
        services.AddRefitGeneratedClient<IChatCompletionsApi>(refit).ConfigureForOpenRouter();
        services.AddRefitGeneratedClient<IGenerationApi>(refit).ConfigureForOpenRouter();
        services.AddRefitGeneratedClient<IKeyApi>(refit).ConfigureForOpenRouter();
        services.AddRefitGeneratedClient<ICreditsApi>(refit).ConfigureForOpenRouter();
        services.AddRefitGeneratedClient<IActivityApi>(refit).ConfigureForOpenRouter();
        services.AddRefitGeneratedClient<IKeysApi>(refit).ConfigureForOpenRouter();
        services.AddHttpClient(OpenRouterHttpClient.StreamingClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                // A stream given up (client gone, cancelled) closes its connection at once, which stops the generation upstream;
                // draining the rest to reuse the connection would keep OpenRouter generating, and billing, meanwhile.
                MaxResponseDrainSize = 0,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            })
            .ConfigureForOpenRouter();

        services.AddTransient<OpenRouterCall>();
        services.AddTransient<IModelCatalogueSource, ModelCatalogueSource>();
        services.AddTransient<IKeyDetailsSource, KeyDetailsSource>();
        services.AddTransient<IGenerationSource, GenerationSource>();
        services.AddTransient<ICreditsSource, CreditsSource>();
        services.AddTransient<IActivitySource, ActivitySource>();
        services.AddTransient<IKeyProvisioning, KeyProvisioning>();
        services.AddTransient<IChatCompletions, ChatCompletions>();
        return services;
    }
}
