using Mediator;
using Microsoft.Extensions.Logging;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Domain.Common;

namespace OpenRouterSaaS.Application.Common.Behaviours;

/// <summary>Logs each request by name, with user and tenant, and how an expected failure ended. Never the request's fields: they may hold secrets.</summary>
public sealed class LoggingBehaviour<TMessage, TResponse>(ILogger<LoggingBehaviour<TMessage, TResponse>> logger, ICurrentUser currentUser, ITenantContext tenant)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var name = typeof(TMessage).Name;
        logger.LogDebug("Handling {Request} for user {UserId} in tenant {TenantId}", name, currentUser.UserId, tenant.TenantId);
        var response = await next(message, cancellationToken);
        if (response is Result { Error: { } error })
        {
            logger.LogInformation("{Request} ended with {ErrorKind}: {ErrorMessage}", name, error.Kind, error.Message);
        }

        return response;
    }
}
