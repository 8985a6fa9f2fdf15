namespace OpenRouterSaaS.Web.Observability;

/// <summary>
/// How the console logs look, from <c>Logging:Format</c>: <c>json</c> (one JSON object a line, UTC timestamps and the
/// request's scopes, such as its correlation id, for a log collector) or <c>simple</c> (for people). JSON is the default
/// outside Development.
/// </summary>
internal static class LogFormat
{
    public const string Setting = "Logging:Format";
    public const string Json = "json";
    public const string Simple = "simple";

    public static WebApplicationBuilder AddLogFormat(this WebApplicationBuilder builder)
    {
        switch (Choose(builder.Configuration[Setting], builder.Environment.IsDevelopment()))
        {
            case Json:
                builder.Logging.AddJsonConsole(options =>
                {
                    options.UseUtcTimestamp = true;
                    options.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
                    options.IncludeScopes = true;
                });
                break;
            default:
                builder.Logging.AddSimpleConsole(options =>
                {
                    options.UseUtcTimestamp = true;
                    options.TimestampFormat = "HH:mm:ss ";
                });
                break;
        }

        return builder;
    }

    /// <summary>The format to use; a value other than json or simple stops the app, naming the setting.</summary>
    public static string Choose(string? configured, bool isDevelopment)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            return isDevelopment ? Simple : Json;
        }

        var format = configured.Trim().ToLowerInvariant();
        return format is Json or Simple
            ? format
            : throw new InvalidOperationException($"{Setting} must be \"{Json}\" or \"{Simple}\" (environment variable Logging__Format).");
    }
}
