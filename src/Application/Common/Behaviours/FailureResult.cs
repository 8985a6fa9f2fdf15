using System.Reflection;
using OpenRouterSaaS.Domain.Common;

namespace OpenRouterSaaS.Application.Common.Behaviours;

/// <summary>Builds a failed <see cref="Result"/> or <see cref="Result{T}"/> for a pipeline whose response type it only knows generically.</summary>
internal static class FailureResult<TResponse>
{
    private static readonly Func<Error, TResponse>? Factory = BuildFactory();

    public static bool IsSupported => Factory is not null;

    public static TResponse Create(Error error) =>
        Factory is { } factory
            ? factory(error)
            : throw new InvalidOperationException($"{typeof(TResponse).Name} is not a Result, so an expected failure cannot be returned as one.");

    private static Func<Error, TResponse>? BuildFactory()
    {
        var type = typeof(TResponse);
        if (type == typeof(Result))
        {
            return error => (TResponse)(object)Result.Failure(error);
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Result<>))
        {
            var failure = type.GetMethod(nameof(Result.Failure), BindingFlags.Public | BindingFlags.Static, [typeof(Error)])!;
            return failure.CreateDelegate<Func<Error, TResponse>>();
        }

        return null;
    }
}
