namespace OpenRouterSaaS.Domain.Budgets;

/// <summary>Where a budget reservation stands.</summary>
public enum ReservationStatus
{
    /// <summary>The estimate is held on the budgets while the call runs.</summary>
    Held,

    /// <summary>The real cost moved into spent; final.</summary>
    Settled,

    /// <summary>The estimate was given back (failed call, or left behind and swept); a late settle may still record the cost.</summary>
    Released,
}
