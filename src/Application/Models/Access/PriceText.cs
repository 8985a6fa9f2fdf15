using System.Globalization;

namespace OpenRouterSaaS.Application.Models.Access;

/// <summary>How prices read to people: USD per million tokens, with as many decimals as matter.</summary>
public static class PriceText
{
    /// <summary><c>$0.15</c>, <c>$3.00</c>, <c>$0.0375</c>; "variable" when the price is not fixed.</summary>
    public static string PerMillion(decimal? usdPerMillion) =>
        usdPerMillion is { } value ? "$" + value.ToString("#,0.00####", CultureInfo.InvariantCulture) : "variable";
}
