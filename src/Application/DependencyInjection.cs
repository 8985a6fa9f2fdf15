using FluentValidation;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using OpenRouterSaaS.Application.ApiTokens.AuthenticateApiToken;
using OpenRouterSaaS.Application.Common.Audit;
using OpenRouterSaaS.Application.Common.Behaviours;
using OpenRouterSaaS.Application.Models.Access;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Secrets.RotateSecrets;
using OpenRouterSaaS.Application.Keys;
using OpenRouterSaaS.Application.Keys.ChooseKey;
using OpenRouterSaaS.Application.Keys.Credit;
using OpenRouterSaaS.Application.Gateway.Callers;
using OpenRouterSaaS.Application.Gateway.CompleteChat;
using OpenRouterSaaS.Application.Gateway.ListModels;
using OpenRouterSaaS.Application.Gateway.Telemetry;
using OpenRouterSaaS.Application.Usage.ImportActivity;
using OpenRouterSaaS.Application.Usage.Reconciliation;

namespace OpenRouterSaaS.Application;

public static class DependencyInjection
{
    /// <summary>The pipeline behaviours, outermost first, as <see cref="AddApplication"/> registers them.</summary>
    public static readonly Type[] PipelineBehaviours =
    [
        typeof(LoggingBehaviour<,>),
        typeof(UnhandledExceptionBehaviour<,>),
        typeof(AuthorizationBehaviour<,>),
        typeof(ValidationBehaviour<,>),
        typeof(PerformanceBehaviour<,>),
    ];

    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        services.AddValidatorsFromAssembly(typeof(DependencyInjection).Assembly, ServiceLifetime.Scoped, includeInternalTypes: true);

        // The generated mediator resolves IPipelineBehavior<,> from the container on every Send and wraps the
        // handler in registration order, so the first one registered runs outermost. (Its compile-time
        // PipelineBehaviors option, given this list as a field, registered nothing at all.)
        foreach (var behaviour in PipelineBehaviours)
        {
            services.AddScoped(typeof(IPipelineBehavior<,>), behaviour);
        }

        services.AddScoped<IAuditLog, AuditLog>();
        services.AddScoped<IApiTokenAuthenticator, ApiTokenAuthenticator>();
        services.AddScoped<SecretRotation>();
        services.AddScoped<IKeyChooser, KeyChooser>();
        services.AddScoped<StoredKeyCheck>();
        services.AddScoped<TenantCreditRefresher>();

        services.AddSingleton(TimeProvider.System);
        services.AddScoped<TenantModelAccess>();
        services.AddSingleton<CatalogueCache>();
        services.AddSingleton<ApiCallerCache>();
        services.AddScoped<CallerContextReader>();
        services.AddScoped<GatewayCallers>();
        services.AddScoped<ChatGateway>();
        services.AddScoped<GatewayModels>();
        services.AddSingleton<GatewayMetrics>();
        services.AddScoped<GenerationReconciler>();
        services.AddScoped<TenantActivityImporter>();
        return services;
    }
}
