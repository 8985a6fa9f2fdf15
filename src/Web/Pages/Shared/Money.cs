using System.Globalization;

namespace OpenRouterSaaS.Web.Pages.Shared;

/// <summary>USD amounts as people read them: cents, or more digits for the tiny sums a single call costs.</summary>
public static class Money
{
    public static string Usd(decimal amount) =>
        amount != 0m && Math.Abs(amount) < 0.01m
            ? "$" + amount.ToString("0.######", CultureInfo.InvariantCulture)
            : "$" + amount.ToString("#,0.00", CultureInfo.InvariantCulture);

    public static string UtcTime(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    public static string Day(DateOnly day) => day.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
}
