using Mediator;
using Microsoft.AspNetCore.Authorization;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Web.Areas.Identity;
using OpenRouterSaaS.Web.Hosting;
using OpenRouterSaaS.Web.Identity;
using OpenRouterSaaS.Web.Observability;
using OpenRouterSaaS.Web.Security;
using OpenRouterSaaS.Web.Tenancy;

namespace OpenRouterSaaS.Web;

public static class DependencyInjection
{
    public static IServiceCollection AddWeb(this IServiceCollection services)
    {
        services.AddMediator((MediatorOptions options) =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.Assemblies = [typeof(Application.DependencyInjection)];
        });

        services.AddHttpContextAccessor();
        services.AddScoped<ICurrentUser, HttpCurrentUser>();
        services.AddScoped<WebAppLinks>();
        services.AddScoped<IAppLinks>(provider => provider.GetRequiredService<WebAppLinks>());
        services.AddScoped<AccountEmails>();
        services.AddScoped<IAuthorizationHandler, TenantRoleHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(TenantPolicies.Member, TenantPolicies.Require(Domain.Tenants.TenantRole.Member))
            .AddPolicy(TenantPolicies.Admin, TenantPolicies.Require(Domain.Tenants.TenantRole.Admin))
            .AddPolicy(TenantPolicies.Owner, TenantPolicies.Require(Domain.Tenants.TenantRole.Owner));

        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/Identity/Account/Login";
            options.LogoutPath = "/Identity/Account/Logout";
            options.AccessDeniedPath = "/Identity/Account/AccessDenied";
            // HttpOnly, SameSite and Secure: the cookie policy sets them for every cookie (see SecurityRegistration).
        });

        services.AddRouting(options => options.LowercaseUrls = true);
        services.AddRazorPages(options =>
        {
            // Every page under /Tenant lives at /t/{slug}/... and needs membership; deeper folders need more.
            options.Conventions.AddFolderRouteModelConvention("/Tenant", TenantPageRoutes.Apply);
            options.Conventions.AuthorizeFolder("/Tenant", TenantPolicies.Member);
            options.Conventions.AuthorizeFolder("/Tenant/Admin", TenantPolicies.Admin);
            options.Conventions.AuthorizeFolder("/Tenant/Owner", TenantPolicies.Owner);
            options.Conventions.AuthorizeFolder("/Tenants");
            options.Conventions.AuthorizeAreaFolder("Identity", "/Account/Manage");
        });
        services.AddProblemDetails();
        services.AddExceptionHandler<DatabaseUnavailableHandler>();
        return services;
    }

    public static WebApplication UseWeb(this WebApplication app)
    {
        app.UseReverseProxy();
        app.UseCorrelationId();
        app.UseTransportSecurity();
        app.UseExceptionHandler("/Error");
        app.UseStatusCodePagesWithReExecute("/Status/{0}");
        app.UseCookiePolicy();
        app.UseStaticFiles();
        app.UseRequestLimits();
        app.UseRouting();
        app.UseAuthentication();
        app.UseMiddleware<TenantResolutionMiddleware>();
        app.UseAuthorization();
        app.MapRazorPages();
        app.MapHealthEndpoints();
        app.MapGatewayEndpoints();
        return app;
    }
}
