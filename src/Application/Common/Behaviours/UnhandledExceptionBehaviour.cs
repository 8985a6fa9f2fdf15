using Mediator;
using Microsoft.Extensions.Logging;

namespace OpenRouterSaaS.Application.Common.Behaviours;

/// <summary>Logs an unexpected exception with the request's name before it travels on to the web edge's error handler.</summary>
public sealed class UnhandledExceptionBehaviour<TMessage, TResponse>(ILogger<UnhandledExceptionBehaviour<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        try
        {
            return await next(message, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogError(exception, "Unhandled exception in {Request}", typeof(TMessage).Name);
            throw;
        }
    }
}
