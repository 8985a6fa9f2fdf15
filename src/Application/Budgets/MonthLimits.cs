namespace OpenRouterSaaS.Application.Budgets;

/// <summary>
/// Moves the current month's budget rows to new limits, so that enforcement follows a change at once, unless a row has
/// already spent (with what its calls in progress hold) more than its new limit. Runs in the caller's transaction,
/// which the caller rolls back when a row refuses.
/// </summary>
internal static class MonthLimits
{
    /// <summary>Writes the changes, or returns the rows that refuse them (nothing is written then).</summary>
    public static async Task<IReadOnlyList<BudgetStanding>> ApplyAsync(IBudgetLimitRows rows, DateOnly month, IReadOnlyList<BudgetLimitChange> changes, CancellationToken cancellationToken)
    {
        if (changes.Count == 0)
        {
            return [];
        }

        var standings = await rows.LockAsync(month, changes, cancellationToken);
        var limits = changes.ToDictionary(change => change.MemberUserId ?? Guid.Empty, change => change.LimitUsd);
        var refusing = standings
            .Where(standing => limits[standing.MemberUserId ?? Guid.Empty] is { } limit && standing.CommittedUsd > limit)
            .OrderByDescending(standing => standing.CommittedUsd)
            .ToList();
        if (refusing.Count == 0)
        {
            await rows.SetLimitsAsync(month, changes, cancellationToken);
        }

        return refusing;
    }

    /// <summary>"$3.20 this month", with what calls in progress hold when they hold anything.</summary>
    public static string SpentThisMonth(BudgetStanding standing) => standing.ReservedUsd > 0m
        ? $"{BudgetInput.Text(standing.SpentUsd)} this month, and calls in progress hold {BudgetInput.Text(standing.ReservedUsd)} more"
        : $"{BudgetInput.Text(standing.SpentUsd)} this month";

    /// <summary>The smallest limit the row accepts, rounded up to a limit an admin can type.</summary>
    public static string Minimum(BudgetStanding standing) =>
        BudgetInput.Text(Math.Ceiling(standing.CommittedUsd * 1_000_000m) / 1_000_000m);

    /// <summary>"below that" when the minimum reads as the spend just named, else "below $3.60".</summary>
    public static string Below(BudgetStanding standing) =>
        Minimum(standing) == BudgetInput.Text(standing.SpentUsd) ? "below that" : "below " + Minimum(standing);
}
