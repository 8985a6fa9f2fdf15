using System.Text.RegularExpressions;

namespace OpenRouterSaaS.Domain.Models;

/// <summary>The shape of an OpenRouter model id: <c>provider/name</c>, such as <c>anthropic/claude-sonnet-4</c> or <c>deepseek/deepseek-r1:free</c>.</summary>
public static partial class ModelId
{
    public const int MaxLength = 150;

    /// <summary>OpenRouter's auto router: it picks a concrete model per request, so it has no fixed price.</summary>
    public const string AutoRouter = "openrouter/auto";

    /// <summary>Returns why <paramref name="id"/> is not a well-formed model id, or null when it is.</summary>
    public static string? Problem(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return "A model has no id.";
        }

        if (id.Length > MaxLength)
        {
            return $"The model id \"{id[..40]}…\" is longer than {MaxLength} characters.";
        }

        return Shape().IsMatch(id)
            ? null
            : $"\"{id}\" is not a model id of the form provider/name.";
    }

    /// <summary>The part before the first '/': <c>anthropic</c> for <c>anthropic/claude-sonnet-4</c>.</summary>
    public static string ProviderOf(string id)
    {
        var slash = id.IndexOf('/', StringComparison.Ordinal);
        return (slash < 0 ? id : id[..slash]).ToLowerInvariant();
    }

    public static bool IsAutoRouter(string id) => string.Equals(id, AutoRouter, StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"^[A-Za-z0-9~][A-Za-z0-9._~+-]*/[A-Za-z0-9._:~+/-]*[A-Za-z0-9._~+-]$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
