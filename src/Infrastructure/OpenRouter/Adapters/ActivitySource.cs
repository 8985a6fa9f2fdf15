using System.Globalization;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Infrastructure.OpenRouter.Api;

namespace OpenRouterSaaS.Infrastructure.OpenRouter.Adapters;

/// <summary><c>GET /activity</c>.</summary>
internal sealed class ActivitySource(IActivityApi api, OpenRouterCall call) : IActivitySource
{
    private const string Operation = "GET /activity";

    public async Task<IReadOnlyList<DailyModelActivity>> GetActivityAsync(
        string managementKey, DateOnly? day = null, string? apiKeyHash = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(managementKey);
        var date = day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var response = await call.RunAsync(Operation, token => api.GetActivityAsync(managementKey, date, apiKeyHash, token), cancellationToken);
        var rows = response?.Data ?? throw OpenRouterErrors.Malformed(Operation, "no \"data\" list");
        return [.. rows.Select(Read)];
    }

    private static DailyModelActivity Read(ActivityDto row)
    {
        if (row is null || string.IsNullOrEmpty(row.Model)
            || !DateOnly.TryParseExact(row.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            // OpenRouter's date may carry a time ("2025-08-24 00:00:00"); only the day counts.
            if (row is not null && !string.IsNullOrEmpty(row.Model) && row.Date is { Length: > 10 } text
                && DateOnly.TryParseExact(text[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
            {
                return Row(row, date);
            }

            throw OpenRouterErrors.Malformed(Operation, $"an activity row has no model or no date ('{row?.Date}')");
        }

        return Row(row, date);
    }

    private static DailyModelActivity Row(ActivityDto row, DateOnly date) => new(
        date, row.Model!, row.ModelPermaslug, row.EndpointId, row.ProviderName, row.Usage ?? 0m, row.ByokUsageInference ?? 0m,
        row.Requests ?? 0, row.PromptTokens ?? 0, row.CompletionTokens ?? 0, row.ReasoningTokens ?? 0);
}
