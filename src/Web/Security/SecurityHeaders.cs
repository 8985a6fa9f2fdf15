namespace OpenRouterSaaS.Web.Security;

/// <summary>
/// Headers on every response that confine what a browser lets the site's pages do. The content security policy allows
/// only the site's own files: no inline script, no inline style (not even a <c>style</c> attribute), no <c>eval</c>,
/// no plugins, no framing by other sites, and forms and requests to this origin only. So a page must keep its
/// scripts in wwwroot/js and its styles in wwwroot/css; htmx is told not to inject its indicator style (_Layout's
/// <c>htmx-config</c>). <c>data:</c> images are allowed for the small SVG icons inside Bootstrap's CSS.
/// </summary>
internal static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    /// <summary>Powerful browser features the site never uses, off for it and anything it might embed.</summary>
    public const string PermissionsPolicy =
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        // Set as the response starts, so that an error page, which clears the headers, carries them too.
        http.Response.OnStarting(() =>
        {
            var headers = http.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Permissions-Policy"] = PermissionsPolicy;
            return Task.CompletedTask;
        });
        return next(http);
    });
}
