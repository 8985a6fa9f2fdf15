using OpenRouterSaaS.Application.Common.Interfaces;

namespace OpenRouterSaaS.Infrastructure.OpenRouter.Adapters;

/// <summary><c>limit_reset</c> as OpenRouter spells it: <c>daily</c>, <c>weekly</c>, <c>monthly</c> or null.</summary>
internal static class KeyLimitResets
{
    public static KeyLimitReset Parse(string? text) => text?.ToUpperInvariant() switch
    {
        "DAILY" => KeyLimitReset.Daily,
        "WEEKLY" => KeyLimitReset.Weekly,
        "MONTHLY" => KeyLimitReset.Monthly,
        _ => KeyLimitReset.Never,
    };

    public static string? ToWire(KeyLimitReset reset) => reset switch
    {
        KeyLimitReset.Daily => "daily",
        KeyLimitReset.Weekly => "weekly",
        KeyLimitReset.Monthly => "monthly",
        _ => null,
    };
}
