using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpenRouterSaaS.Application.Common;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Domain.Models;
using OpenRouterSaaS.Domain.Tenants;
using OpenRouterSaaS.Infrastructure.Catalogue;
using OpenRouterSaaS.Infrastructure.Identity;
using OpenRouterSaaS.Infrastructure.Persistence;
using OpenRouterSaaS.Infrastructure.Tenancy;
using OpenRouterSaaS.Tests.Shared;

namespace OpenRouterSaaS.FunctionalTests.Models;

/// <summary>
/// The whole web app on its own fresh database (on the server named by <c>ORS_TEST_POSTGRES</c>), with a fake
/// catalogue source holding the simulator's 17 models, refreshed once before the tests start. A minimal harness for
/// the model pages; it makes its own people and tenants so each test stands alone.
/// </summary>
public class ModelsApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Password = "Correct-Horse-42-Battery";

    private string _serverConnectionString = "";
    private string _databaseName = "";

    public string ConnectionString { get; private set; } = "";

    public FakeModelCatalogueSource Catalogue { get; } = new();

    public async Task InitializeAsync()
    {
        _serverConnectionString = Environment.GetEnvironmentVariable("ORS_TEST_POSTGRES") is { Length: > 0 } server
            ? server
            : throw new InvalidOperationException("ORS_TEST_POSTGRES is not set: run ./test.sh, or set it to a PostgreSQL server connection string without a database.");
        _databaseName = "ors_test_" + Guid.NewGuid().ToString("N")[..16];
        await ExecuteOnServerAsync($"CREATE DATABASE \"{_databaseName}\"");
        ConnectionString = new NpgsqlConnectionStringBuilder(_serverConnectionString) { Database = _databaseName }.ConnectionString;

        _ = Server; // starts the app, which applies the migrations
        var outcome = await Services.GetRequiredService<CatalogueRefreshJob>().RunOnceAsync();
        if (outcome != CatalogueRefreshOutcome.Refreshed)
        {
            throw new InvalidOperationException($"The test catalogue could not be loaded: {outcome}.");
        }
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        if (_databaseName.Length > 0)
        {
            await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS \"{_databaseName}\" WITH (FORCE)");
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Default", ConnectionString);
        builder.UseSetting("Database:MigrateAtStartup", "true");
        builder.UseSetting("Demo:Seed", "false");
        foreach (var (key, value) in TestApp.RandomMasterKey())
        {
            builder.UseSetting(key, value);
        }

        // The tests load the catalogue themselves, once, instead of racing the worker for it.
        builder.UseSetting("OpenRouter:CatalogueRefreshMinutes", "0");
        builder.ConfigureTestServices(services => services.AddSingleton<IModelCatalogueSource>(Catalogue));
    }

    /// <summary>A tenant with an admin and a member (each with a confirmed account), and a person who belongs elsewhere.</summary>
    public async Task<TenantPeople> CreateTenantAsync(bool storeDefaultAllowList = true)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var admin = await CreateUserAsync(users, "admin");
        var member = await CreateUserAsync(users, "member");
        var outsider = await CreateUserAsync(users, "outsider");

        var tenant = new Tenant("t-" + Guid.NewGuid().ToString("N")[..12], "Models Test", DateTimeOffset.UtcNow);
        scope.ServiceProvider.GetRequiredService<TenantContext>().Enter(tenant.Id, tenant.Slug, role: null);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.Tenants.Add(tenant);
        db.Memberships.Add(new Membership(tenant.Id, admin.Id, TenantRole.Admin, DateTimeOffset.UtcNow));
        db.Memberships.Add(new Membership(tenant.Id, member.Id, TenantRole.Member, DateTimeOffset.UtcNow));
        if (storeDefaultAllowList)
        {
            db.ModelAllowLists.Add(ModelAllowList.CreateDefault(tenant.Id, DateTimeOffset.UtcNow));
        }

        await db.SaveChangesAsync();
        return new TenantPeople(tenant.Slug, tenant.Id, admin.Email!, member.Email!, outsider.Email!);
    }

    /// <summary>The tenant's allow-list as stored, as one line of text, so a test can show that nothing changed.</summary>
    public async Task<string> StoredAllowListAsync(Guid tenantId)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var row = await db.ModelAllowLists.IgnoreQueryFilters([QueryFilters.Tenant]).AsNoTracking().SingleOrDefaultAsync(allowList => allowList.TenantId == tenantId);
        return row is null
            ? "none"
            : $"{row.Mode}|{string.Join(",", row.AllowPatterns)}|{string.Join(",", row.DenyPatterns)}|{row.MaxPromptPricePerMillion}|{row.MaxCompletionPricePerMillion}|{row.UpdatedAt:O}";
    }

    /// <summary>A client that keeps cookies and does not follow redirects, signed in as <paramref name="email"/>.</summary>
    public async Task<PageClient> SignInAsync(string email)
    {
        var client = new PageClient(CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
        await client.SignInAsync(email, Password);
        return client;
    }

    private static async Task<ApplicationUser> CreateUserAsync(UserManager<ApplicationUser> users, string role)
    {
        var email = $"{role}-{Guid.NewGuid():N}@example.test";
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, CreatedAt = DateTimeOffset.UtcNow };
        var result = await users.CreateAsync(user, Password);
        return result.Succeeded ? user : throw new InvalidOperationException(string.Join(" ", result.Errors.Select(error => error.Description)));
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

public sealed record TenantPeople(string Slug, Guid TenantId, string AdminEmail, string MemberEmail, string OutsiderEmail)
{
    public string ModelsPath => $"/t/{Slug}/models";

    public string AdminModelsPath => $"/t/{Slug}/admin/models";
}
