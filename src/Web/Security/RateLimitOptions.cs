using Microsoft.Extensions.Options;

namespace OpenRouterSaaS.Web.Security;

/// <summary>
/// The <c>RateLimits:*</c> settings: how many requests one client may send in one <see cref="Window"/>. Each instance
/// of the app counts on its own (see the README); <c>0</c> turns a limit off.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>The fixed window the limits count in.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Posts of one account form (sign-in, registration, password reset, ...) from one client IP address.</summary>
    public int AccountFormsPerIp { get; set; } = 10;

    /// <summary>API requests with one API token.</summary>
    public int ApiPerToken { get; set; } = 600;

    /// <summary>API requests with all the API tokens of one tenant together.</summary>
    public int ApiPerTenant { get; set; } = 3000;

    /// <summary>"a minute", "10 seconds", "2 hours": the window as a message says it.</summary>
    public string WindowText => Window switch
    {
        { TotalMinutes: 1 } => "a minute",
        { TotalHours: 1 } => "an hour",
        { TotalSeconds: < 60 } window => $"{window.TotalSeconds:0.#} seconds",
        { TotalMinutes: < 60 } window => $"{window.TotalMinutes:0.#} minutes",
        var window => $"{window.TotalHours:0.#} hours",
    };
}

/// <summary>Stops the app at start when a <c>RateLimits:*</c> setting makes no sense.</summary>
internal sealed class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitOptions options)
    {
        var problems = new List<string>();
        if (options.Window < TimeSpan.FromSeconds(1))
        {
            problems.Add($"RateLimits:Window is {options.Window}; it must be at least one second, such as 00:01:00 (environment variable RateLimits__Window).");
        }

        foreach (var (setting, value) in new[] { ("AccountFormsPerIp", options.AccountFormsPerIp), ("ApiPerToken", options.ApiPerToken), ("ApiPerTenant", options.ApiPerTenant) })
        {
            if (value < 0)
            {
                problems.Add($"RateLimits:{setting} is {value}; it must be 0 (no limit) or more (environment variable RateLimits__{setting}).");
            }
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(string.Join(" ", problems));
    }
}
