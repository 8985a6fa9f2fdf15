using Microsoft.Extensions.Options;

namespace OpenRouterSaaS.Infrastructure.OpenRouter;

/// <summary>Checks the <c>OpenRouter</c> section at start, so a typo stops the app with a message instead of failing the first call.</summary>
internal sealed class OpenRouterOptionsValidator : IValidateOptions<OpenRouterOptions>
{
    public ValidateOptionsResult Validate(string? name, OpenRouterOptions options)
    {
        var failures = new List<string>();
        if (!IsHttpUrl(options.BaseUrl))
        {
            failures.Add($"OpenRouter:BaseUrl must be an absolute http(s) URL such as https://openrouter.ai/api/v1, but is '{options.BaseUrl}'.");
        }

        if (!string.IsNullOrWhiteSpace(options.SiteUrl) && !IsHttpUrl(options.SiteUrl))
        {
            failures.Add($"OpenRouter:SiteUrl (sent as HTTP-Referer) must be an absolute http(s) URL, but is '{options.SiteUrl}'.");
        }

        if (options.AppTitle is { } title && title.Any(c => c < ' ' || c > '~'))
        {
            failures.Add("OpenRouter:AppTitle (sent as X-OpenRouter-Title) must be printable ASCII on one line.");
        }

        if (options.Timeout <= TimeSpan.Zero)
        {
            failures.Add($"OpenRouter:Timeout must be positive (hh:mm:ss), but is {options.Timeout}.");
        }

        if (options.StreamIdleTimeout <= TimeSpan.Zero)
        {
            failures.Add($"OpenRouter:StreamIdleTimeout must be positive (hh:mm:ss), but is {options.StreamIdleTimeout}.");
        }

        if (options.MaxRetries is < 0 or > 10)
        {
            failures.Add($"OpenRouter:MaxRetries must be between 0 and 10, but is {options.MaxRetries}.");
        }

        if (options.RetryDelay < TimeSpan.Zero || options.MaxRetryDelay < TimeSpan.Zero)
        {
            failures.Add("OpenRouter:RetryDelay and OpenRouter:MaxRetryDelay must not be negative.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
