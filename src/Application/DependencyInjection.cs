using FluentValidation;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using OpenRouterSaaS.Application.Common.Behaviours;
using OpenRouterSaaS.Application.Models.Access;

namespace OpenRouterSaaS.Application;

public static class DependencyInjection
{
    /// <summary>The pipeline behaviours, outermost first, registered in this order by <see cref="AddApplication"/>.</summary>
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
        // Registered here rather than through the mediator's options: its source generator reads only an array
        // literal written inside the AddMediator call, and silently registered none of the behaviours from this list.
        // The generated mediator resolves IPipelineBehavior<,> from the container, outermost first.
        foreach (var behaviour in PipelineBehaviours)
        {
            services.AddScoped(typeof(IPipelineBehavior<,>), behaviour);
        }

        services.AddValidatorsFromAssembly(typeof(DependencyInjection).Assembly, ServiceLifetime.Scoped, includeInternalTypes: true);
        services.AddSingleton(TimeProvider.System);
        services.AddScoped<TenantModelAccess>();
        return services;
    }
}
