using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenRouterSaaS.Application.Budgets;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Usage;
using OpenRouterSaaS.Application.UsageReports;
using OpenRouterSaaS.Domain.Secrets;
using OpenRouterSaaS.Infrastructure.Budgets;
using OpenRouterSaaS.Infrastructure.Catalogue;
using OpenRouterSaaS.Infrastructure.Email;
using OpenRouterSaaS.Infrastructure.Gateway;
using OpenRouterSaaS.Infrastructure.Health;
using OpenRouterSaaS.Infrastructure.Identity;
using OpenRouterSaaS.Infrastructure.OpenRouter;
using OpenRouterSaaS.Infrastructure.Persistence;
using OpenRouterSaaS.Infrastructure.Secrets;
using OpenRouterSaaS.Infrastructure.Telemetry;
using OpenRouterSaaS.Infrastructure.Tenancy;
using OpenRouterSaaS.Infrastructure.Usage;
using OpenRouterSaaS.Infrastructure.Workers;

namespace OpenRouterSaaS.Infrastructure;

public static class DependencyInjection
{
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("Default");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException("The database connection string is missing: set ConnectionStrings:Default (environment variable ConnectionStrings__Default).");
        }

        services.AddScoped<TenantContext>();
        services.AddScoped<ITenantContext>(provider => provider.GetRequiredService<TenantContext>());
        services.AddScoped<TenantStampingInterceptor>();
        services.AddDbContext<AppDbContext>((provider, options) =>
            options.UseAppDatabase(connectionString, provider.GetRequiredService<TenantStampingInterceptor>()));
        services.AddScoped<IAppDbContext>(provider => provider.GetRequiredService<AppDbContext>());

        services.AddIdentity<ApplicationUser, IdentityRole<Guid>>(options =>
            {
                options.SignIn.RequireConfirmedAccount = true;
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 10;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Lockout.AllowedForNewUsers = true;
            })
            .AddEntityFrameworkStores<AppDbContext>()
            .AddDefaultTokenProviders();

        // Cookies and antiforgery tokens stay valid across restarts and across instances.
        services.AddDataProtection().SetApplicationName("OpenRouterSaaS").PersistKeysToDbContext<AppDbContext>();

        services.AddSecrets(configuration);

        services.Configure<SmtpOptions>(configuration.GetSection(SmtpOptions.Section));
        if (!string.IsNullOrWhiteSpace(configuration[$"{SmtpOptions.Section}:Host"]))
        {
            services.AddScoped<IEmailSender, SmtpEmailSender>();
        }
        else
        {
            services.AddSingleton<DevelopmentMailbox>();
            services.AddSingleton<IEmailSender>(provider => provider.GetRequiredService<DevelopmentMailbox>());
        }

        services.AddOpenRouter(configuration);
        // The catalogue's source (OpenRouter's /models) is registered with the OpenRouter client; without one the worker only warns.
        services.Configure<CatalogueRefreshOptions>(configuration.GetSection(CatalogueRefreshOptions.Section));
        services.AddSingleton<CatalogueRefreshJob>();
        services.AddHostedService<CatalogueRefreshWorker>();

        services.Configure<CreditRefreshOptions>(configuration.GetSection(CreditRefreshOptions.Section));
        services.AddSingleton<CreditSweep>();
        services.AddHostedService<CreditRefreshWorker>();

        services.Configure<BudgetOptions>(configuration.GetSection(BudgetOptions.Section));
        services.AddScoped<IBudgetLedger, BudgetLedger>();
        services.AddScoped<ICallLedger, CallLedger>();
        services.AddScoped<IBudgetLimitRows, BudgetLimitRows>();
        services.AddSingleton<ReservationSweep>();
        services.AddHostedService<ReservationSweepWorker>();

        services.Configure<ReconciliationOptions>(configuration.GetSection(ReconciliationOptions.Section));
        services.AddSingleton<ReconciliationSweep>();
        services.AddHostedService<ReconciliationWorker>();

        services.Configure<ActivityImportOptions>(configuration.GetSection(ActivityImportOptions.Section));
        services.AddSingleton<ActivityImportSweep>();
        services.AddHostedService<ActivityImportWorker>();

        services.Configure<UsageRollupOptions>(configuration.GetSection(UsageRollupOptions.Section));
        services.AddScoped<IUsageSums, UsageRollupReader>();
        services.AddSingleton<UsageRollupSweep>();
        services.AddHostedService<UsageRollupWorker>();

        services.AddBacklogSampling(configuration);
        services.AddHealthChecks().AddCheck<DatabaseReadyCheck>("database", tags: ["ready"]);
        return services;
    }

    /// <summary>The counts behind the gateway's gauges (reservations held, ledger rows waiting for reconciliation), taken every few seconds.</summary>
    private static void AddBacklogSampling(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<TelemetryOptions>(configuration.GetSection(TelemetryOptions.Section));
        services.AddSingleton<GatewayBacklogSampler>();
        services.AddHostedService<GatewayBacklogWorker>();
    }

    /// <summary>
    /// The master keys, checked when the app starts (a missing or malformed one stops it, naming the setting), the
    /// protector that uses them, and a secret store for every entity that holds secrets, for rotate-secrets.
    /// </summary>
    private static void AddSecrets(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SecretsOptions>().Bind(configuration.GetSection(SecretsOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SecretsOptions>, SecretsOptionsValidator>();
        services.AddSingleton<ISecretProtector, SecretProtector>();

        var holders = typeof(IHoldsSecrets).Assembly.GetTypes()
            .Where(type => type is { IsClass: true, IsAbstract: false } && typeof(IHoldsSecrets).IsAssignableFrom(type));
        foreach (var holder in holders)
        {
            services.AddScoped(typeof(ISecretStore), typeof(EntitySecretStore<>).MakeGenericType(holder));
        }
    }
}
