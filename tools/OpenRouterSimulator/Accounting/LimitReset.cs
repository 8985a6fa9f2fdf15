namespace OpenRouterSimulator.Accounting;

/// <summary>When a key's spending limit starts again: OpenRouter resets at midnight UTC, weeks run Monday to Sunday.</summary>
internal enum LimitReset
{
    Never,
    Daily,
    Weekly,
    Monthly,
}

internal static class LimitResets
{
    /// <summary>Parses the wire value (<c>daily</c>, <c>weekly</c>, <c>monthly</c>, or null for never).</summary>
    public static bool TryParse(string? value, out LimitReset reset)
    {
        switch (value)
        {
            case null:
                reset = LimitReset.Never;
                return true;
            case "daily":
                reset = LimitReset.Daily;
                return true;
            case "weekly":
                reset = LimitReset.Weekly;
                return true;
            case "monthly":
                reset = LimitReset.Monthly;
                return true;
            default:
                reset = LimitReset.Never;
                return false;
        }
    }

    public static string? ToWire(this LimitReset reset) => reset switch
    {
        LimitReset.Daily => "daily",
        LimitReset.Weekly => "weekly",
        LimitReset.Monthly => "monthly",
        _ => null,
    };
}
