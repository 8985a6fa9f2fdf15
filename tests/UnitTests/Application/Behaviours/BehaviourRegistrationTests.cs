using Mediator;
using Microsoft.Extensions.DependencyInjection;
using OpenRouterSaaS.Application;
using OpenRouterSaaS.Application.Common.Behaviours;

namespace OpenRouterSaaS.UnitTests.Application.Behaviours;

public sealed class BehaviourRegistrationTests
{
    [Fact]
    public void Every_behaviour_is_registered_outermost_first()
    {
        var services = new ServiceCollection().AddApplication();

        var registered = services
            .Where(service => service.ServiceType == typeof(IPipelineBehavior<,>))
            .Select(service => service.ImplementationType)
            .ToList();

        Assert.Equal(
            [typeof(LoggingBehaviour<,>), typeof(UnhandledExceptionBehaviour<,>), typeof(AuthorizationBehaviour<,>), typeof(ValidationBehaviour<,>), typeof(PerformanceBehaviour<,>)],
            registered);
    }
}
