using Microsoft.Extensions.Options;

namespace OpenRouterSaaS.Web.Security;

/// <summary>The <c>Security:*</c> settings: transport security, and how large a form the pages accept.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>
    /// HTTPS redirection, HSTS and cookies marked <c>Secure</c> whatever the request's scheme. Unset, it is on outside
    /// Development. Turn it off only where the site is reached over plain HTTP on purpose (the compose file's
    /// http://localhost), because a <c>Secure</c> cookie never comes back over HTTP and sign-in would stop working.
    /// </summary>
    public bool? RequireHttps { get; set; }

    /// <summary>The largest form (URL-encoded or multipart) a page accepts, in bytes; a larger post is answered 413.</summary>
    public long MaxFormBytes { get; set; } = 64 * 1024;

    /// <summary><see cref="RequireHttps"/> once the environment's default is applied.</summary>
    public bool HttpsRequired => RequireHttps ?? false;
}

/// <summary>Stops the app at start when a <c>Security:*</c> setting makes no sense.</summary>
internal sealed class SecurityOptionsValidator : IValidateOptions<SecurityOptions>
{
    public ValidateOptionsResult Validate(string? name, SecurityOptions options) =>
        options.MaxFormBytes < 1024
            ? ValidateOptionsResult.Fail($"Security:MaxFormBytes is {options.MaxFormBytes}; it must be at least 1024 bytes (environment variable Security__MaxFormBytes).")
            : ValidateOptionsResult.Success;
}
