using OpenRouterSaaS.Application;
using OpenRouterSaaS.Infrastructure;
using OpenRouterSaaS.Infrastructure.Persistence;
using OpenRouterSaaS.Infrastructure.Seeding;
using OpenRouterSaaS.Web;

var builder = WebApplication.CreateBuilder(args);
builder.Services
    .AddApplication()
    .AddInfrastructure(builder.Configuration)
    .AddWeb();

var app = builder.Build();

// `dotnet OpenRouterSaaS.Web.dll migrate` applies migrations and exits: the explicit step for production.
if (args.Contains("migrate", StringComparer.Ordinal))
{
    await DatabaseMigrator.MigrateAsync(app.Services);
    return;
}

if (app.Environment.IsDevelopment() || app.Configuration.GetValue<bool>("Database:MigrateAtStartup"))
{
    await DatabaseMigrator.MigrateAsync(app.Services);
}

await DemoSeeder.SeedAsync(app.Services, app.Configuration);

app.UseWeb();
await app.RunAsync();

/// <summary>The entry point, visible to the functional tests' WebApplicationFactory.</summary>
public partial class Program;
