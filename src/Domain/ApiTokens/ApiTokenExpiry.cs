namespace OpenRouterSaaS.Domain.ApiTokens;

/// <summary>
/// A token may expire on a date of its owner's choosing: it stops working at the start of that day (UTC), which must
/// be after today and at most a year ahead. A token without an expiry works until it is revoked.
/// </summary>
public static class ApiTokenExpiry
{
    public const string NotInTheFutureMessage = "The expiry date must be after today.";
    public const string TooFarMessage = "The expiry date can be at most one year ahead.";

    public static DateTimeOffset ExpiresAt(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>Why <paramref name="day"/> cannot be a token's expiry date at <paramref name="now"/>, or null when it can.</summary>
    public static string? Problem(DateOnly day, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        if (day <= today)
        {
            return NotInTheFutureMessage;
        }

        return day > today.AddYears(1) ? TooFarMessage : null;
    }
}
