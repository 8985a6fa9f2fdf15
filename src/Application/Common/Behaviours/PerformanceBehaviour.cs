using System.Diagnostics;
using Mediator;
using Microsoft.Extensions.Logging;

namespace OpenRouterSaaS.Application.Common.Behaviours;

/// <summary>Warns about requests slower than half a second, so slow paths show up in the log before users report them.</summary>
public sealed class PerformanceBehaviour<TMessage, TResponse>(ILogger<PerformanceBehaviour<TMessage, TResponse>> logger, TimeProvider clock)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public static readonly TimeSpan Threshold = TimeSpan.FromMilliseconds(500);

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        var response = await next(message, cancellationToken);
        var elapsed = clock.GetElapsedTime(started);
        if (elapsed > Threshold)
        {
            logger.LogWarning("Slow request {Request}: {ElapsedMilliseconds} ms", typeof(TMessage).Name, (long)elapsed.TotalMilliseconds);
        }

        return response;
    }
}
