using System.Text.Json;
using System.Text.Json.Nodes;
using OpenRouterSimulator.Accounting;
using OpenRouterSimulator.Api;
using OpenRouterSimulator.Faults;
using OpenRouterSimulator.Keys;

namespace OpenRouterSimulator.Chat;

/// <summary><c>POST /api/v1/chat/completions</c>: validate, route, apply faults, then answer in one body or as a stream.</summary>
internal sealed class ChatCompletionEndpoint(
    SimulatorState state,
    KeyAuthenticator authenticator,
    FaultResponder faults,
    ModelRouter router,
    StreamingResponder streaming)
{
    public async Task HandleAsync(HttpContext context)
    {
        var key = await authenticator.AuthenticateAsync(context);
        if (key is null)
        {
            return;
        }

        if (key.IsManagement)
        {
            await OpenRouterErrors.WriteAsync(context, StatusCodes.Status403Forbidden,
                "Management keys cannot be used for completions; use an API key created with it");
            return;
        }

        ChatRequest? request;
        try
        {
            request = await ReadRequestAsync(context);
        }
        catch (JsonException e)
        {
            await OpenRouterErrors.BadRequestAsync(context, "Invalid JSON in request body", new JsonObject { ["error_type"] = "invalid_request", ["detail"] = e.Message });
            return;
        }

        if (request?.Messages is not { Count: > 0 } messages || messages.Any(m => m is null))
        {
            await OpenRouterErrors.BadRequestAsync(context, "Input required: specify \"prompt\" or \"messages\"");
            return;
        }

        if (request.TokenLimit is < 1)
        {
            await OpenRouterErrors.BadRequestAsync(context, "max_tokens must be at least 1");
            return;
        }

        var prompt = LastUserText(messages);
        var plan = FaultParser.Parse(context.Request.Headers[FaultParser.HeaderName].ToString(), prompt, out var faultError);
        var notes = RequestNotes.Of(context);
        notes.Fault = plan.Description;
        if (faultError is not null)
        {
            await OpenRouterErrors.BadRequestAsync(context, faultError);
            return;
        }

        var route = router.Route(request, prompt, plan.DownModels);
        if (route.Model is not { } model)
        {
            await OpenRouterErrors.WriteAsync(context, route.ErrorStatus, route.ErrorMessage!, route.ErrorMetadata);
            return;
        }

        notes.Model = model.Id;
        if (await RefuseOverLimitAsync(context, key, model.IsFree))
        {
            return;
        }

        var streamed = request.Stream == true;
        var latencyUpFront = !streamed || plan.Status is not null || plan.FailFirst > 0;
        var subject = new FaultSubject(request.Model ?? model.Id, model.ProviderName, prompt);
        if (await faults.ApplyAsync(context, plan, () => $"{key.Hash}|{request.Model}|{string.Join('|', request.Models ?? [])}|{prompt}", latencyUpFront, subject))
        {
            return;
        }

        var completion = Completion.Plan(request, prompt, route, key, context, state.Options, plan.CostDrift);
        notes.GenerationId = completion.Id;
        if (streamed)
        {
            await streaming.RespondAsync(context, completion, plan, applyLatency: !latencyUpFront);
        }
        else
        {
            await RespondAsync(context, completion, plan);
        }
    }

    /// <summary>The request, its body kept for the request log when <see cref="SimulatorOptions.LogRequestBodies"/> is on.</summary>
    private async Task<ChatRequest?> ReadRequestAsync(HttpContext context)
    {
        if (!state.Options.LogRequestBodies)
        {
            return await JsonSerializer.DeserializeAsync(context.Request.Body, SimulatorJsonContext.Wire.ChatRequest, context.RequestAborted);
        }

        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        RequestNotes.Of(context).Body = System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        return JsonSerializer.Deserialize(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), SimulatorJsonContext.Wire.ChatRequest);
    }

    private async Task<bool> RefuseOverLimitAsync(HttpContext context, ApiKey key, bool freeModel)
    {
        if (key.LimitRemaining(UtcCalendar.Today(state.Time)) is <= 0m)
        {
            await OpenRouterErrors.WriteAsync(context, StatusCodes.Status402PaymentRequired,
                "Key limit exceeded. Raise this key's limit or wait for it to reset: https://openrouter.ai/settings/keys");
            return true;
        }

        if (!freeModel && !key.Account.HasCredit())
        {
            await OpenRouterErrors.WriteAsync(context, StatusCodes.Status402PaymentRequired, OpenRouterErrors.InsufficientCredits);
            return true;
        }

        return false;
    }

    private async Task RespondAsync(HttpContext context, Completion completion, FaultPlan plan)
    {
        if (plan.Drop)
        {
            context.Abort();
            return;
        }

        // A provider failure after some output: OpenRouter returns 200 with the partial content and the error on the choice.
        var contentTokens = plan.StreamError ? Math.Max(1, completion.Pieces.Length / 2) : completion.Pieces.Length;
        var finish = plan.StreamError ? "error" : completion.FinishReason;
        var nativeFinish = plan.StreamError ? "error" : completion.NativeFinishReason;
        var error = plan.StreamError
            ? new ErrorDetail(StatusCodes.Status502BadGateway, "Provider disconnected mid-stream", new JsonObject { ["error_type"] = "provider_unavailable" })
            : null;

        var model = completion.Model;
        var body = new ChatCompletion(
            completion.Id, model.ProviderName, model.Id, "chat.completion", completion.Created,
            [new CompletionChoice(0, new AssistantMessage("assistant", completion.Text(contentTokens), null, null), finish, nativeFinish, null, error)],
            SystemFingerprint: null,
            completion.Usage(contentTokens).ToDto());

        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(completion.StartTimestamp);
        state.Record(completion.ToRecord(contentTokens, streamed: false, cancelled: false, finish, nativeFinish, elapsed, state.Time.GetUtcNow()), completion.Key);
        context.Response.Headers["X-Generation-Id"] = completion.Id;
        await context.Response.WriteAsJsonAsync(body, SimulatorJsonContext.Wire.ChatCompletion);
    }

    /// <summary>The text of the last user message (the last message when no user spoke): replies and markers come from it.</summary>
    private static string LastUserText(List<ChatMessage> messages)
    {
        for (var i = messages.Count - 1; i >= 0; i--)
        {
            if (string.Equals(messages[i].Role, "user", StringComparison.Ordinal))
            {
                return messages[i].Text();
            }
        }

        return messages[^1].Text();
    }
}
