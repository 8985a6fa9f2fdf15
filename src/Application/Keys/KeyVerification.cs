using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.OpenRouter;
using OpenRouterSaaS.Domain.Credentials;

namespace OpenRouterSaaS.Application.Keys;

/// <summary>What OpenRouter said when asked about a key.</summary>
public enum KeyVerdict
{
    Accepted,
    Rejected,
    CouldNotCheck,
}

/// <summary>The answer to <c>GET /key</c>: the check to store when accepted, or why it could not be made.</summary>
public sealed record KeyVerification(KeyVerdict Verdict, KeyCheck? Check, bool IsManagementKey, string? Problem)
{
    public const string RejectedMessage = "OpenRouter rejected this key: it is unknown, disabled, deleted or expired there. Check that you copied the whole key.";

    /// <summary>Asks OpenRouter about <paramref name="key"/>. Failures come back as a verdict; nothing about the key is logged.</summary>
    public static async Task<KeyVerification> AskAsync(IKeyDetailsSource source, string key, TimeProvider clock, CancellationToken cancellationToken)
    {
        try
        {
            var details = await source.GetKeyDetailsAsync(key, cancellationToken);
            var check = KeyCheck.Verified(clock.GetUtcNow(), details.Label, details.Limit, details.LimitRemaining, details.Usage.Total);
            return new KeyVerification(KeyVerdict.Accepted, check, details.IsManagementKey, null);
        }
        catch (OpenRouterException failure) when (failure.Kind == OpenRouterFailureKind.InvalidKey)
        {
            return new KeyVerification(KeyVerdict.Rejected, null, false, RejectedMessage);
        }
        catch (OpenRouterException failure)
        {
            return new KeyVerification(KeyVerdict.CouldNotCheck, null, false, $"We could not reach OpenRouter to check the key: {What(failure)}.");
        }
    }

    private static string What(OpenRouterException failure) => failure.Kind switch
    {
        OpenRouterFailureKind.Unreachable => "no connection could be made",
        OpenRouterFailureKind.Timeout => "it did not answer in time",
        OpenRouterFailureKind.RateLimited => "it asked us to slow down (429)",
        OpenRouterFailureKind.MalformedResponse => "its answer could not be understood",
        _ when failure.StatusCode is { } status => $"it answered with an error ({status})",
        _ => "the call failed",
    };
}
