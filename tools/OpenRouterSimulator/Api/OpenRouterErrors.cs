using System.Globalization;
using System.Text.Json.Nodes;

namespace OpenRouterSimulator.Api;

/// <summary>Writes errors the way OpenRouter does: the HTTP status repeated as <c>error.code</c>.</summary>
internal static class OpenRouterErrors
{
    public const string InsufficientCredits = "Insufficient credits. Add more using https://openrouter.ai/credits";
    public const string ManagementOnly = "Only management keys can perform this operation";

    public static Task WriteAsync(HttpContext context, int status, string message, JsonObject? metadata = null, int? retryAfterSeconds = null)
    {
        var response = context.Response;
        response.StatusCode = status;
        if (retryAfterSeconds is { } seconds)
        {
            response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        return response.WriteAsJsonAsync(new ErrorEnvelope(new ErrorDetail(status, message, metadata)), SimulatorJsonContext.Wire.ErrorEnvelope);
    }

    public static Task BadRequestAsync(HttpContext context, string message, JsonObject? metadata = null) =>
        WriteAsync(context, StatusCodes.Status400BadRequest, message, metadata);

    public static Task NotFoundAsync(HttpContext context, string message) =>
        WriteAsync(context, StatusCodes.Status404NotFound, message);

    public static Task ForbiddenManagementOnlyAsync(HttpContext context) =>
        WriteAsync(context, StatusCodes.Status403Forbidden, ManagementOnly);
}
