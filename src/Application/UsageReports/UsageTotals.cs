namespace OpenRouterSaaS.Application.UsageReports;

/// <summary>
/// What a set of calls added up to. <see cref="CostUsd"/> is what OpenRouter billed: its generation record's cost once
/// the call is reconciled, the response's cost until then.
/// </summary>
public sealed record UsageTotals(int Calls, int Failed, int Cancelled, int Pending, int Reconciled, long PromptTokens, long CompletionTokens, decimal CostUsd)
{
    public static readonly UsageTotals None = new(0, 0, 0, 0, 0, 0, 0, 0m);

    public int Completed => Calls - Failed - Cancelled - Pending;

    public long Tokens => PromptTokens + CompletionTokens;

    public static UsageTotals Sum(IEnumerable<UsageTotals> parts)
    {
        var total = None;
        foreach (var part in parts)
        {
            total = new UsageTotals(
                total.Calls + part.Calls, total.Failed + part.Failed, total.Cancelled + part.Cancelled, total.Pending + part.Pending,
                total.Reconciled + part.Reconciled, total.PromptTokens + part.PromptTokens, total.CompletionTokens + part.CompletionTokens,
                total.CostUsd + part.CostUsd);
        }

        return total;
    }
}
