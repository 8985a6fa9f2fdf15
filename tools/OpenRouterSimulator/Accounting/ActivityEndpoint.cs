using System.Globalization;
using OpenRouterSimulator.Api;
using OpenRouterSimulator.Faults;

namespace OpenRouterSimulator.Accounting;

/// <summary>
/// <c>GET /api/v1/activity</c>: per day and model over the last 30 completed UTC days (today excluded), optionally one
/// <c>date</c> or one <c>api_key_hash</c>; management keys only.
/// </summary>
internal sealed class ActivityEndpoint(SimulatorState state, KeyAuthenticator authenticator, FaultResponder faults)
{
    private const int Days = 30;

    public async Task HandleAsync(HttpContext context)
    {
        var key = await authenticator.AuthenticateAsync(context);
        if (key is null || await faults.InterceptAsync(context))
        {
            return;
        }

        if (!key.IsManagement)
        {
            await OpenRouterErrors.ForbiddenManagementOnlyAsync(context);
            return;
        }

        var today = UtcCalendar.Today(state.Time);
        var (from, to) = (today.AddDays(-Days), today.AddDays(-1));
        var dateText = context.Request.Query["date"].ToString();
        if (dateText.Length > 0)
        {
            if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                await OpenRouterErrors.BadRequestAsync(context, "date must be a UTC day in YYYY-MM-DD format");
                return;
            }

            if (date < from || date > to)
            {
                await OpenRouterErrors.BadRequestAsync(context, "date must be within the last 30 completed UTC days");
                return;
            }

            (from, to) = (date, date);
        }

        var keyHash = context.Request.Query["api_key_hash"].ToString();
        var rows = key.Account.Activity.Read(from, to, keyHash.Length == 0 ? null : keyHash)
            .Select(ActivityItem.From)
            .ToList();
        await context.Response.WriteAsJsonAsync(new ActivityResponse(rows), SimulatorJsonContext.Wire.ActivityResponse);
    }
}

internal sealed record ActivityResponse(IReadOnlyList<ActivityItem> Data);

internal sealed record ActivityItem(
    string Date,
    string Model,
    string ModelPermaslug,
    string EndpointId,
    string ProviderName,
    decimal Usage,
    decimal ByokUsageInference,
    int Requests,
    long PromptTokens,
    long CompletionTokens,
    long ReasoningTokens)
{
    public static ActivityItem From(ActivityRow row) => new(
        row.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), row.Model.Id, row.Model.CanonicalSlug, row.Model.EndpointId,
        row.Model.ProviderName, row.Usage, 0m, row.Requests, row.PromptTokens, row.CompletionTokens, row.ReasoningTokens);
}
