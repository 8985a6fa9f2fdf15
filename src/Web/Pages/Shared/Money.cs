using System.Globalization;

namespace OpenRouterSaaS.Web.Pages.Shared;

/// <summary>USD amounts as people read them: cents, or more digits for the tiny sums a single call costs.</summary>
public static class Money
{
    public static string Usd(decimal amount) =>
        amount != 0m && Math.Abs(amount) < 0.01m
            ? "$" + amount.ToString("0.######", CultureInfo.InvariantCulture)
            : "$" + amount.ToString("#,0.00", CultureInfo.InvariantCulture);

    /// <summary>A difference, with its sign: "+$0.0015", "−$2.00", "$0.00".</summary>
    public static string SignedUsd(decimal amount) => amount switch
    {
        > 0m => "+" + Usd(amount),
        < 0m => "\u2212" + Usd(-amount),
        _ => Usd(0m),
    };

    public static string UtcTime(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    public static string Day(DateOnly day) => day.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
}
