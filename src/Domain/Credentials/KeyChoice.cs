namespace OpenRouterSaaS.Domain.Credentials;

/// <summary>A stored key as the choice sees it: what it is and whether it may be used, never its value.</summary>
public sealed record KeyCandidate(Guid Id, CredentialKind Kind, string Mask, KeyStatus Status, DateOnly? ExpiresOn, DateTimeOffset? CheckedAt)
{
    public static KeyCandidate Of(OpenRouterCredential credential) =>
        new(credential.Id, credential.Kind, credential.Mask, credential.Status, credential.ExpiresOn, credential.CheckedAt);
}

/// <summary>A rule that kept a key from being used.</summary>
public enum KeyRefusal
{
    NoPersonalKey,
    PersonalKeyExpired,
    PersonalKeyRejected,
    NoSharedKey,
    SharedKeyExpired,
    SharedKeyRejected,
    SharedKeyNotAllowed,
}

/// <summary>
/// Which key pays for a call, or why none may: <see cref="Key"/> is set when one may be used; otherwise
/// <see cref="Refusals"/> names every rule that stood in the way. <see cref="Explanation"/> says it in words.
/// </summary>
public sealed record KeyDecision(KeyCandidate? Key, IReadOnlyList<KeyRefusal> Refusals, string Explanation)
{
    public bool IsAvailable => Key is not null;
}

/// <summary>
/// The one place that decides which key a member's call uses, from the tenant's policy, the member's own key, the
/// shared key and whether the member may use it. A key that expired or that OpenRouter rejected at its last check is
/// never used; a key saved "not yet verified" is used (its owner chose to save it so, and OpenRouter has the last word
/// on the call itself).
/// </summary>
public static class KeyChoice
{
    public static KeyDecision Decide(KeyPolicy policy, KeyCandidate? personal, KeyCandidate? shared, bool mayUseShared, DateTimeOffset now, string slug)
    {
        var keysPage = $"/t/{slug}/keys";
        var personalProblem = policy == KeyPolicy.SharedOnly ? null : PersonalProblem(personal, now);
        if (policy != KeyPolicy.SharedOnly && personalProblem is null)
        {
            return new KeyDecision(personal, [], $"Your own key ({personal!.Mask}) pays for your calls in this tenant.");
        }

        if (policy == KeyPolicy.PersonalOnly)
        {
            return Refused([personalProblem!.Value], $"This tenant only allows personal keys, and {PersonalText(personalProblem.Value, personal, keysPage)}.");
        }

        var sharedProblem = !mayUseShared ? KeyRefusal.SharedKeyNotAllowed : SharedProblem(shared, now);
        if (policy == KeyPolicy.SharedOnly)
        {
            return sharedProblem is { } problem
                ? Refused([problem], $"This tenant only uses its shared key, and {SharedText(problem, shared)}.")
                : new KeyDecision(shared, [], $"The tenant's shared key ({shared!.Mask}) pays for your calls in this tenant.");
        }

        if (sharedProblem is { } fallbackProblem)
        {
            return Refused([personalProblem!.Value, fallbackProblem],
                $"{Capitalise(PersonalText(personalProblem.Value, personal, keysPage))}, and {SharedText(fallbackProblem, shared)}.");
        }

        return new KeyDecision(shared, [],
            $"The tenant's shared key ({shared!.Mask}) pays for your calls, because {PersonalText(personalProblem!.Value, personal, keysPage)}.");
    }

    private static KeyDecision Refused(KeyRefusal[] refusals, string explanation) => new(null, refusals, explanation);

    private static KeyRefusal? PersonalProblem(KeyCandidate? key, DateTimeOffset now) =>
        key is null ? KeyRefusal.NoPersonalKey
        : OpenRouterCredential.HasExpired(key.ExpiresOn, now) ? KeyRefusal.PersonalKeyExpired
        : key.Status == KeyStatus.Rejected ? KeyRefusal.PersonalKeyRejected
        : null;

    private static KeyRefusal? SharedProblem(KeyCandidate? key, DateTimeOffset now) =>
        key is null ? KeyRefusal.NoSharedKey
        : OpenRouterCredential.HasExpired(key.ExpiresOn, now) ? KeyRefusal.SharedKeyExpired
        : key.Status == KeyStatus.Rejected ? KeyRefusal.SharedKeyRejected
        : null;

    private static string PersonalText(KeyRefusal refusal, KeyCandidate? key, string keysPage) => refusal switch
    {
        KeyRefusal.PersonalKeyExpired => $"your key expired on {Day(key!.ExpiresOn!.Value)}: save a new one at {keysPage}",
        KeyRefusal.PersonalKeyRejected => $"OpenRouter rejected your key when it was last checked{On(key!.CheckedAt)}: save a new one at {keysPage}",
        _ => $"you have not saved your own key at {keysPage}",
    };

    private static string SharedText(KeyRefusal refusal, KeyCandidate? key) => refusal switch
    {
        KeyRefusal.SharedKeyNotAllowed => "you may not use the shared key in this tenant; ask an admin",
        KeyRefusal.SharedKeyExpired => $"the shared key expired on {Day(key!.ExpiresOn!.Value)}; ask an admin to replace it",
        KeyRefusal.SharedKeyRejected => $"OpenRouter rejected the shared key when it was last checked{On(key!.CheckedAt)}; ask an admin to replace it",
        _ => "the shared key is not set; ask an admin to set it",
    };

    private static string Day(DateOnly day) => day.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);

    private static string On(DateTimeOffset? at) => at is { } time ? $" ({time.UtcDateTime:yyyy-MM-dd HH:mm} UTC)" : "";

    private static string Capitalise(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
