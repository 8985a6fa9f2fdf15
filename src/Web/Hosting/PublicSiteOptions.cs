using Microsoft.Extensions.Options;
using OpenRouterSaaS.Web.Security;

namespace OpenRouterSaaS.Web.Hosting;

/// <summary>
/// <c>App:PublicBaseUrl</c>: the address people reach the site at. Links that leave the site (in confirmation, password
/// reset and invitation emails) are built from it and never from the request's <c>Host</c> header, which a client
/// chooses: otherwise anyone could ask for a password reset of someone else's account with a forged host and receive
/// a link, carrying the reset code, pointing at their own server.
/// </summary>
public sealed class PublicSiteOptions
{
    public const string Section = "App";

    /// <summary>An absolute http(s) address, such as https://ai.example.com; required outside Development.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>The parsed <see cref="PublicBaseUrl"/>, or null when it is unset (Development: links follow the request).</summary>
    public Uri? BaseUri => Uri.TryCreate(PublicBaseUrl?.Trim(), UriKind.Absolute, out var uri) ? uri : null;
}

/// <summary>Stops the app at start when <c>App:PublicBaseUrl</c> is missing outside Development, or is not an absolute http(s) address.</summary>
internal sealed class PublicSiteOptionsValidator(IHostEnvironment environment, IOptions<SecurityOptions> security) : IValidateOptions<PublicSiteOptions>
{
    private const string Setting = "App:PublicBaseUrl (environment variable App__PublicBaseUrl)";

    public ValidateOptionsResult Validate(string? name, PublicSiteOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.PublicBaseUrl))
        {
            return environment.IsDevelopment()
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail($"{Setting} is not set. Set it to the address people reach the site at, such as https://ai.example.com: the links in emails are built from it.");
        }

        if (options.BaseUri is not { Scheme: "http" or "https" } uri || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            return ValidateOptionsResult.Fail($"{Setting} is \"{options.PublicBaseUrl}\", which is not an absolute http or https address such as https://ai.example.com.");
        }

        if (security.Value.HttpsRequired && uri.Scheme != Uri.UriSchemeHttps)
        {
            return ValidateOptionsResult.Fail($"{Setting} is \"{options.PublicBaseUrl}\", but Security:RequireHttps is on: use the https address, or turn Security:RequireHttps off for a site reached over plain HTTP.");
        }

        return ValidateOptionsResult.Success;
    }
}
