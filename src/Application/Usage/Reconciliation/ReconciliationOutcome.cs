namespace OpenRouterSaaS.Application.Usage.Reconciliation;

/// <summary>What one reconciliation attempt did to a ledger row.</summary>
public enum ReconciliationOutcome
{
    /// <summary>OpenRouter's total cost was recorded beside the response's (and the budgets follow it).</summary>
    Reconciled,

    /// <summary>A row left Pending was completed from its generation record.</summary>
    Resolved,

    /// <summary>The record was not there yet, or OpenRouter could not be asked: tried again later.</summary>
    Deferred,

    /// <summary>No more tries: the row stays unreconciled.</summary>
    GaveUp,

    /// <summary>A row left Pending was failed with a reason, and its budget hold released.</summary>
    Failed,

    /// <summary>Nothing to do: the row is gone or has nothing to reconcile.</summary>
    Skipped,
}
