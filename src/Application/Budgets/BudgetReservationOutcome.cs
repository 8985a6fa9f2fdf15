using System.Globalization;

namespace OpenRouterSaaS.Application.Budgets;

/// <summary>A reservation that was made (<see cref="ReservationId"/>) or refused (<see cref="Refusal"/>).</summary>
public sealed record BudgetReservationOutcome
{
    private BudgetReservationOutcome(Guid? reservationId, BudgetRefusal? refusal)
    {
        ReservationId = reservationId;
        Refusal = refusal;
    }

    public Guid? ReservationId { get; }

    public BudgetRefusal? Refusal { get; }

    public bool IsReserved => ReservationId is not null;

    public static BudgetReservationOutcome Reserved(Guid reservationId) => new(reservationId, null);

    public static BudgetReservationOutcome Refused(BudgetRefusal refusal) => new(null, refusal);
}

/// <summary>Which budget refused an estimate and how it stood, so the caller can say so (402 with the budget named).</summary>
public sealed record BudgetRefusal(BudgetScope Scope, DateOnly Month, decimal LimitUsd, decimal SpentUsd, decimal ReservedUsd, decimal EstimateUsd)
{
    public string Message => string.Create(CultureInfo.InvariantCulture,
        $"{(Scope == BudgetScope.Member ? "Your" : "The tenant's")} monthly budget for {Month:yyyy-MM} is exhausted: limit {LimitUsd:0.00####} USD, "
        + $"spent {SpentUsd:0.00####} USD, {ReservedUsd:0.00####} USD held by calls in progress; this call may cost up to {EstimateUsd:0.00####} USD.");
}

/// <summary>The two budgets a shared-key call draws on.</summary>
public enum BudgetScope
{
    Member,
    Tenant,
}
