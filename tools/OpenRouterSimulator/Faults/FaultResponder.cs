using System.Text.Json.Nodes;
using OpenRouterSimulator.Api;
using OpenRouterSimulator.Keys;

namespace OpenRouterSimulator.Faults;

/// <summary>Turns a fault plan into what OpenRouter would answer: added latency, then an error status with a realistic body.</summary>
internal sealed class FaultResponder(SimulatorState state)
{
    public const string RequestIdHeader = "X-Simulator-Request-Id";

    /// <summary>For the endpoints other than chat: applies a header fault, if any. True when an error was written.</summary>
    public async ValueTask<bool> InterceptAsync(HttpContext context)
    {
        var header = context.Request.Headers[FaultParser.HeaderName];
        if (header.Count == 0)
        {
            return false;
        }

        var plan = FaultParser.Parse(header.ToString(), null, out var error);
        if (error is not null)
        {
            await OpenRouterErrors.BadRequestAsync(context, error);
            return true;
        }

        RequestNotes.Of(context).Fault = plan.Description;
        var bearer = KeySecrets.ReadBearer(context.Request.Headers.Authorization);
        var identity = $"{context.Request.Method} {context.Request.Path}{context.Request.QueryString} {(bearer is null ? "-" : KeySecrets.Fingerprint(bearer))}";
        return await ApplyAsync(context, plan, () => identity, applyLatency: true, FaultSubject.None);
    }

    /// <summary>Waits the injected latency (when asked), then answers fail-first and status faults. True when an error was written.</summary>
    public async ValueTask<bool> ApplyAsync(HttpContext context, FaultPlan plan, Func<string> identity, bool applyLatency, FaultSubject subject)
    {
        if (plan.IsEmpty)
        {
            return false;
        }

        if (applyLatency && plan.Latency > TimeSpan.Zero)
        {
            await Task.Delay(plan.Latency, context.RequestAborted);
        }

        if (plan.FailFirst > 0)
        {
            var header = context.Request.Headers[RequestIdHeader];
            var key = header.Count > 0 ? "id:" + header.ToString() : identity();
            if (state.FailFirst.ShouldFail(key, plan.FailFirst))
            {
                await OpenRouterErrors.WriteAsync(
                    context, StatusCodes.Status503ServiceUnavailable, "Provider is temporarily overloaded. Please retry.",
                    new JsonObject { ["error_type"] = "provider_overloaded", ["provider_name"] = subject.ProviderName },
                    plan.RetryAfterSeconds);
                return true;
            }
        }

        if (plan.Status is not { } status)
        {
            return false;
        }

        var (message, metadata) = Describe(status, subject);
        int? retryAfter = status switch
        {
            StatusCodes.Status429TooManyRequests => plan.RetryAfterSeconds ?? state.Options.DefaultRetryAfterSeconds,
            StatusCodes.Status503ServiceUnavailable => plan.RetryAfterSeconds,
            _ => null,
        };
        await OpenRouterErrors.WriteAsync(context, status, message, metadata, retryAfter);
        return true;
    }

    private static (string Message, JsonObject? Metadata) Describe(int status, FaultSubject subject)
    {
        var model = subject.Model ?? "the model";
        var provider = subject.ProviderName;
        return status switch
        {
            400 => ("Provider returned error", new JsonObject
            {
                ["error_type"] = "invalid_request",
                ["provider_name"] = provider,
                ["raw"] = "{\"error\":{\"message\":\"Invalid request: the simulator was asked to reject it\",\"type\":\"invalid_request_error\"}}",
            }),
            401 => ("User not found.", null),
            402 => (OpenRouterErrors.InsufficientCredits, null),
            403 when subject.Prompt is not null => (
                $"{model} requires moderation on {provider ?? "OpenAI"}. Your input was flagged for \"harassment\". No credits were charged.",
                new JsonObject
                {
                    ["reasons"] = new JsonArray("harassment"),
                    ["flagged_input"] = Flagged(subject.Prompt),
                    ["provider_name"] = provider ?? "OpenAI",
                    ["model_slug"] = model,
                }),
            403 => (OpenRouterErrors.ManagementOnly, null),
            408 => ("Operation timed out. Please try again later.", null),
            429 => ($"{model} is temporarily rate-limited upstream. Please retry shortly.", new JsonObject
            {
                ["error_type"] = "rate_limit_exceeded",
                ["provider_name"] = provider,
                ["raw"] = "Rate limit exceeded",
            }),
            500 => ("Internal Server Error", new JsonObject { ["error_type"] = "server" }),
            502 => ("Provider returned error", new JsonObject
            {
                ["error_type"] = "provider_unavailable",
                ["provider_name"] = provider,
                ["raw"] = "upstream connect error or disconnect/reset before headers",
            }),
            _ => ("No available model provider that meets your routing requirements", new JsonObject
            {
                ["error_type"] = "provider_overloaded",
            }),
        };
    }

    /// <summary>OpenRouter quotes at most 100 characters of flagged input, cutting the middle.</summary>
    private static string Flagged(string prompt) =>
        prompt.Length <= 100 ? prompt : string.Concat(prompt.AsSpan(0, 48), "...", prompt.AsSpan(prompt.Length - 49));
}

/// <summary>What a fault message talks about: the model asked for, its provider and the prompt (for moderation).</summary>
internal readonly record struct FaultSubject(string? Model, string? ProviderName, string? Prompt)
{
    public static readonly FaultSubject None = new(null, null, null);
}
