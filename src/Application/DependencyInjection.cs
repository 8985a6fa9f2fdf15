using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using OpenRouterSaaS.Application.Common.Behaviours;
using OpenRouterSaaS.Application.Models.Access;

namespace OpenRouterSaaS.Application;

public static class DependencyInjection
{
    /// <summary>The pipeline behaviours, outermost first. The mediator's source generator (in the host) is given this list.</summary>
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
        services.AddSingleton(TimeProvider.System);
        services.AddScoped<TenantModelAccess>();
        return services;
    }
}
