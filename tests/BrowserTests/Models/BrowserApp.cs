using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Npgsql;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Domain.Models;
using OpenRouterSaaS.Domain.Tenants;
using OpenRouterSaaS.Infrastructure.Catalogue;
using OpenRouterSaaS.Infrastructure.Identity;
using OpenRouterSaaS.Infrastructure.Persistence;
using OpenRouterSaaS.Infrastructure.Tenancy;
using OpenRouterSaaS.Tests.Shared;

namespace OpenRouterSaaS.BrowserTests.Models;

/// <summary>
/// The app on Kestrel at a loopback port, on its own fresh database with the simulator's catalogue loaded, and
/// Debian's Chromium (headless, never downloaded) driven by Playwright. A minimal harness for the model pages.
/// </summary>
public sealed class BrowserApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Password = "Correct-Horse-42-Battery";
    private const string ChromiumPath = "/usr/bin/chromium";

    private string _serverConnectionString = "";
    private string _databaseName = "";
    private string _connectionString = "";
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public FakeModelCatalogueSource Catalogue { get; } = new();

    public async Task InitializeAsync()
    {
        _serverConnectionString = Environment.GetEnvironmentVariable("ORS_TEST_POSTGRES") is { Length: > 0 } server
            ? server
            : throw new InvalidOperationException("ORS_TEST_POSTGRES is not set: run ./test.sh, or set it to a PostgreSQL server connection string without a database.");
        _databaseName = "ors_test_" + Guid.NewGuid().ToString("N")[..16];
        await ExecuteOnServerAsync($"CREATE DATABASE \"{_databaseName}\"");
        _connectionString = new NpgsqlConnectionStringBuilder(_serverConnectionString) { Database = _databaseName }.ConnectionString;

        UseKestrel(0);
        StartServer();
        BaseAddress = new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var outcome = await Services.GetRequiredService<CatalogueRefreshJob>().RunOnceAsync();
        if (outcome != CatalogueRefreshOutcome.Refreshed)
        {
            throw new InvalidOperationException($"The test catalogue could not be loaded: {outcome}.");
        }

        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: install Debian's chromium (./test.sh does).");
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        await DisposeAsync();
        if (_databaseName.Length > 0)
        {
            await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS \"{_databaseName}\" WITH (FORCE)");
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Default", _connectionString);
        builder.UseSetting("Database:MigrateAtStartup", "true");
        builder.UseSetting("Demo:Seed", "false");
        foreach (var (key, value) in TestApp.RandomMasterKey())
        {
            builder.UseSetting(key, value);
        }
        builder.UseSetting("OpenRouter:CatalogueRefreshMinutes", "0");
        builder.ConfigureTestServices(services => services.AddSingleton<IModelCatalogueSource>(Catalogue));
    }

    /// <summary>A tenant with the default allow-list and an admin; returns its slug and the admin's email.</summary>
    public async Task<(string Slug, string AdminEmail)> CreateTenantWithAdminAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var email = $"admin-{Guid.NewGuid():N}@example.test";
        var admin = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, CreatedAt = DateTimeOffset.UtcNow };
        var created = await users.CreateAsync(admin, Password);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", created.Errors.Select(error => error.Description)));
        }

        var tenant = new Tenant("b-" + Guid.NewGuid().ToString("N")[..12], "Browser Test", DateTimeOffset.UtcNow);
        scope.ServiceProvider.GetRequiredService<TenantContext>().Enter(tenant.Id, tenant.Slug, role: null);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.Tenants.Add(tenant);
        db.Memberships.Add(new Membership(tenant.Id, admin.Id, TenantRole.Admin, DateTimeOffset.UtcNow));
        db.ModelAllowLists.Add(ModelAllowList.CreateDefault(tenant.Id, DateTimeOffset.UtcNow));
        await db.SaveChangesAsync();
        return (tenant.Slug, email);
    }

    private async Task ExecuteOnServerAsync(string sql)
    {
        var builder = new NpgsqlConnectionStringBuilder(_serverConnectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
