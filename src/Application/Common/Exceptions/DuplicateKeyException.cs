namespace OpenRouterSaaS.Application.Common.Exceptions;

/// <summary>A save broke a unique index: another request stored the same key first.</summary>
public sealed class DuplicateKeyException(string constraintName, Exception innerException)
    : Exception($"A unique index was violated: {constraintName}.", innerException)
{
    public string ConstraintName { get; } = constraintName;
}
