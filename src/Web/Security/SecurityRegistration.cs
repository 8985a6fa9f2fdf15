using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.CookiePolicy;
using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenRouterSaaS.Web.Hosting;

namespace OpenRouterSaaS.Web.Security;

/// <summary>
/// Security hardening: headers, transport and cookies, rate limits, form size and the public address, with settings
/// checked at start. The README's "Security" section says what each does and why.
/// </summary>
internal static class SecurityRegistration
{
    public static IServiceCollection AddSecurity(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<SecurityOptions>().Bind(configuration.GetSection(SecurityOptions.Section))
            .PostConfigure(options => options.RequireHttps ??= !environment.IsDevelopment())
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SecurityOptions>, SecurityOptionsValidator>());
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidator>());
        services.AddOptions<PublicSiteOptions>().Bind(configuration.GetSection(PublicSiteOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PublicSiteOptions>, PublicSiteOptionsValidator>());

        services.AddMemoryCache();
        services.AddSingleton<RateLimiters>();

        // Every cookie (sign-in, two-factor, antiforgery, TempData) is HttpOnly, SameSite=Lax at least, and Secure
        // whenever HTTPS is required. Lax rather than Strict: a signed-in person who opens an invitation link from an
        // email or a chat arrives from another site, and with Strict would look signed out. Cross-site posts carry no
        // cookie under Lax, and every form checks its antiforgery token besides.
        services.AddOptions<CookiePolicyOptions>().Configure<IOptions<SecurityOptions>>((cookies, security) =>
        {
            cookies.HttpOnly = HttpOnlyPolicy.Always;
            cookies.MinimumSameSitePolicy = SameSiteMode.Lax;
            cookies.Secure = security.Value.HttpsRequired ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        });
        services.AddOptions<AntiforgeryOptions>().Configure<IOptions<SecurityOptions>>((antiforgery, security) =>
        {
            antiforgery.Cookie.SameSite = SameSiteMode.Lax;
            antiforgery.Cookie.SecurePolicy = security.Value.HttpsRequired ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        });
        services.AddOptions<HstsOptions>().Configure(hsts => hsts.MaxAge = TimeSpan.FromDays(365));
        // Behind a proxy that ends TLS the app listens on plain HTTP only and cannot see the HTTPS port: the public address says it.
        services.AddOptions<HttpsRedirectionOptions>().Configure<IOptions<PublicSiteOptions>>((redirection, site) =>
        {
            if (site.Value.BaseUri is { Scheme: "https" } baseUri)
            {
                redirection.HttpsPort = baseUri.Port;
            }
        });
        return services;
    }

    /// <summary>Security headers and, when HTTPS is required, HSTS and the redirection to HTTPS (not for health probes, which load balancers send over HTTP).</summary>
    public static IApplicationBuilder UseTransportSecurity(this WebApplication app)
    {
        app.UseSecurityHeaders();
        if (app.Services.GetRequiredService<IOptions<SecurityOptions>>().Value.HttpsRequired)
        {
            app.UseHsts();
            app.UseWhen(http => !HealthEndpoints.IsProbe(http.Request.Path), branch => branch.UseHttpsRedirection());
        }

        return app;
    }

    /// <summary>The limits on what one request may send (form size) and on how often (rate limits), answered with 413 and 429.</summary>
    public static IApplicationBuilder UseRequestLimits(this IApplicationBuilder app) =>
        app.UseMiddleware<FormSizeLimit>().UseMiddleware<RateLimitMiddleware>();
}
