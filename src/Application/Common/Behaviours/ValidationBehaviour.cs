using FluentValidation;
using Mediator;
using OpenRouterSaaS.Domain.Common;

namespace OpenRouterSaaS.Application.Common.Behaviours;

/// <summary>Runs the request's validators and turns their failures into an Invalid result with field errors.</summary>
public sealed class ValidationBehaviour<TMessage, TResponse>(IEnumerable<IValidator<TMessage>> validators)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var failures = new List<FluentValidation.Results.ValidationFailure>();
        foreach (var validator in validators)
        {
            var result = await validator.ValidateAsync(new ValidationContext<TMessage>(message), cancellationToken);
            failures.AddRange(result.Errors);
        }

        if (failures.Count == 0)
        {
            return await next(message, cancellationToken);
        }

        var fieldErrors = failures
            .GroupBy(failure => failure.PropertyName, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Select(failure => failure.ErrorMessage).Distinct().ToArray(), StringComparer.Ordinal);
        var summary = failures.Count == 1 ? failures[0].ErrorMessage : "Some fields need attention: " + string.Join(" ", failures.Select(f => f.ErrorMessage).Distinct());
        return FailureResult<TResponse>.Create(new Error(ErrorKind.Invalid, summary, fieldErrors));
    }
}
