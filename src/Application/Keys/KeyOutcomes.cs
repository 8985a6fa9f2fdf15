namespace OpenRouterSaaS.Application.Keys;

/// <summary>
/// A key sent to be saved: either stored (<see cref="Saved"/>), or not stored because OpenRouter could not be reached to
/// check it (<see cref="CouldNotCheck"/> says why). Then the person may send it again to save it "not yet verified".
/// </summary>
public sealed record SaveKeyOutcome(StoredKey? Saved, string? CouldNotCheck)
{
    public static SaveKeyOutcome Stored(StoredKey key) => new(key, null);

    public static SaveKeyOutcome NotChecked(string why) => new(null, why);
}

/// <summary>A stored key checked again: what OpenRouter said, in words, and the key as now stored.</summary>
public sealed record CheckKeyOutcome(KeyVerdict Verdict, string Message, StoredKey Key);

/// <summary>A change that succeeded, with a warning when it leaves some members without a usable key.</summary>
public sealed record KeyChangeOutcome(string? Warning);
