using Mediator;
using Microsoft.Extensions.DependencyInjection;
using OpenRouterSaaS.Application;
using OpenRouterSaaS.Application.Common.Behaviours;

namespace OpenRouterSaaS.UnitTests.Application.Behaviours;

/// <summary>The behaviours must reach the container: the mediator runs only those it finds there.</summary>
public sealed class PipelineRegistrationTests
{
    [Fact]
    public void AddApplication_registers_every_pipeline_behaviour_in_order()
    {
        var services = new ServiceCollection().AddApplication();

        var registered = services.Where(descriptor => descriptor.ServiceType == typeof(IPipelineBehavior<,>)).Select(descriptor => descriptor.ImplementationType).ToList();

        Assert.Equal(
            [typeof(LoggingBehaviour<,>), typeof(UnhandledExceptionBehaviour<,>), typeof(AuthorizationBehaviour<,>), typeof(ValidationBehaviour<,>), typeof(PerformanceBehaviour<,>)],
            registered);
    }
}
