namespace OpenRouterSaaS.Application.Common.Interfaces;

/// <summary>The OpenRouter account's credits and usage (<c>GET /credits</c>); needs a management key, other keys get <c>Forbidden</c>.</summary>
public interface ICreditsSource
{
    Task<AccountCredits> GetCreditsAsync(string managementKey, CancellationToken cancellationToken = default);
}

/// <summary>Credits bought and spent by an OpenRouter account, in USD.</summary>
public sealed record AccountCredits(decimal TotalCredits, decimal TotalUsage)
{
    public decimal Remaining => TotalCredits - TotalUsage;
}
