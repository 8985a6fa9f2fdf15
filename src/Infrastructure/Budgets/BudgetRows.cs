using System.Data.Common;

namespace OpenRouterSaaS.Infrastructure.Budgets;

/// <summary>A change to one budget row: amounts added to reserved and to spent.</summary>
internal sealed record BudgetChange(Guid TenantId, Guid BudgetId, bool IsTenantBudget, decimal Held, decimal Spent);

/// <summary>
/// Moves amounts on budget rows, one statement per row, in the one lock order every writer uses — member rows before
/// tenant rows, each kind by id — so that a reservation, a settlement and a sweep never deadlock.
/// </summary>
internal static class BudgetRows
{
    private const string Adjust = """
        UPDATE budgets SET reserved_usd = reserved_usd + @held, spent_usd = spent_usd + @spent
        WHERE id = @id AND tenant_id = @tenant
        """;

    public static async Task AdjustAsync(DbConnection connection, DbTransaction transaction, IEnumerable<BudgetChange> changes, CancellationToken cancellationToken)
    {
        var merged = changes
            .GroupBy(change => (change.TenantId, change.BudgetId, change.IsTenantBudget))
            .Select(row => new BudgetChange(row.Key.TenantId, row.Key.BudgetId, row.Key.IsTenantBudget, row.Sum(change => change.Held), row.Sum(change => change.Spent)))
            .OrderBy(change => change.IsTenantBudget)
            .ThenBy(change => change.BudgetId);
        foreach (var change in merged)
        {
            await BudgetSql.ExecuteAsync(connection, transaction, Adjust, cancellationToken,
                BudgetSql.Id("id", change.BudgetId), BudgetSql.Id("tenant", change.TenantId),
                BudgetSql.Money("held", change.Held), BudgetSql.Money("spent", change.Spent));
        }
    }
}
