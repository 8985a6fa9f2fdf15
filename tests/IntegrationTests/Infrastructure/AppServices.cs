using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenRouterSaaS.Application;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Domain.Tenants;
using OpenRouterSaaS.Infrastructure.Catalogue;
using OpenRouterSaaS.Infrastructure.Persistence;
using OpenRouterSaaS.Infrastructure.Tenancy;

namespace OpenRouterSaaS.IntegrationTests.Infrastructure;

/// <summary>
/// The application's services as the host wires them (mediator pipeline, EF Core, tenancy), on a test database,
/// with the catalogue source, the clock and the signed-in person under the test's control.
/// </summary>
public sealed class AppServices : IAsyncDisposable, IDisposable
{
    private readonly ServiceProvider _provider;

    public AppServices(PostgresDatabase database, IModelCatalogueSource? source = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(Log).SetMinimumLevel(LogLevel.Debug));
        services.AddApplication();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddScoped<TenantContext>();
        services.AddScoped<ITenantContext>(provider => provider.GetRequiredService<TenantContext>());
        services.AddScoped<TenantStampingInterceptor>();
        services.AddDbContext<AppDbContext>((provider, options) =>
            options.UseAppDatabase(database.ConnectionString, provider.GetRequiredService<TenantStampingInterceptor>()));
        services.AddScoped<IAppDbContext>(provider => provider.GetRequiredService<AppDbContext>());
        services.AddScoped<SettableCurrentUser>();
        services.AddScoped<ICurrentUser>(provider => provider.GetRequiredService<SettableCurrentUser>());
        if (source is not null)
        {
            services.AddSingleton(source);
        }

        services.AddMediator((MediatorOptions options) =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.Assemblies = [typeof(DependencyInjection)];
        });
        services.AddSingleton<CatalogueRefreshJob>();
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    public TestClock Clock { get; } = new();

    public CapturedLog Log { get; } = new();

    public CatalogueRefreshJob Job => _provider.GetRequiredService<CatalogueRefreshJob>();

    /// <summary>One request's scope: acting in <paramref name="tenant"/> with <paramref name="role"/>, as <paramref name="userId"/>.</summary>
    public AsyncServiceScope OpenScope(Tenant? tenant = null, TenantRole? role = null, Guid? userId = null)
    {
        var scope = _provider.CreateAsyncScope();
        if (tenant is not null)
        {
            scope.ServiceProvider.GetRequiredService<TenantContext>().Enter(tenant.Id, tenant.Slug, role);
        }

        scope.ServiceProvider.GetRequiredService<SettableCurrentUser>().UserId = userId;
        return scope;
    }

    /// <summary>Sends <paramref name="request"/> through the mediator in its own scope.</summary>
    public async Task<TResponse> SendAsync<TResponse>(ICommand<TResponse> request, Tenant? tenant = null, TenantRole? role = null, Guid? userId = null)
    {
        await using var scope = OpenScope(tenant, role, userId);
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(request);
    }

    public async Task<TResponse> QueryAsync<TResponse>(IQuery<TResponse> request, Tenant? tenant = null, TenantRole? role = null, Guid? userId = null)
    {
        await using var scope = OpenScope(tenant, role, userId);
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(request);
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();

    public void Dispose() => _provider.Dispose();

    private sealed class SettableCurrentUser : ICurrentUser
    {
        public Guid? UserId { get; set; }

        public string? Email => UserId is null ? null : $"{UserId}@example.test";
    }
}

/// <summary>A clock a test sets; it starts at a fixed whole second so times survive timestamptz.</summary>
public sealed class TestClock : TimeProvider
{
    public DateTimeOffset Now { get; set; } = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>Every log line the services write, for tests that check what was logged.</summary>
public sealed class CapturedLog : ILoggerProvider
{
    private readonly List<(LogLevel Level, string Category, string Message, Exception? Exception)> _entries = [];

    public IReadOnlyList<(LogLevel Level, string Category, string Message, Exception? Exception)> Entries
    {
        get
        {
            lock (_entries)
            {
                return [.. _entries];
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (log._entries)
            {
                log._entries.Add((logLevel, category, formatter(state, exception), exception));
            }
        }
    }
}
