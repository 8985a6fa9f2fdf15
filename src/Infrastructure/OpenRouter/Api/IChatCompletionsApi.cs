using Refit;

namespace OpenRouterSaaS.Infrastructure.OpenRouter.Api;

/// <summary>
/// OpenRouter's chat completions, non-streaming. The body is raw JSON passed through untouched. Streaming requests do not
/// go through Refit: <see cref="Adapters.ChatCompletions"/> sends them on the same configured HttpClient with
/// <see cref="HttpCompletionOption.ResponseHeadersRead"/>, so the response is never buffered whole.
/// </summary>
public interface IChatCompletionsApi
{
    [Post("/chat/completions")]
    Task<HttpResponseMessage> CreateAsync([Authorize("Bearer")] string apiKey, [Body] HttpContent body, CancellationToken cancellationToken);
}
