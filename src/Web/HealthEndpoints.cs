using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OpenRouterSaaS.Web;

internal static class HealthEndpoints
{
    public const string Live = "/healthz";
    public const string Ready = "/readyz";

    /// <summary>Whether a request is a load balancer's or orchestrator's probe (not worth a trace).</summary>
    public static bool IsProbe(PathString path) => path.StartsWithSegments(Live) || path.StartsWithSegments(Ready);

    /// <summary>/healthz: the process is alive. /readyz: the database answers and is migrated.</summary>
    public static void MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks(Live, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteJson });
        endpoints.MapHealthChecks(Ready, new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready"), ResponseWriter = WriteJson });
    }

    private static Task WriteJson(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(entry => entry.Key, entry => new { status = entry.Value.Status.ToString(), description = entry.Value.Description }),
        }));
    }
}
