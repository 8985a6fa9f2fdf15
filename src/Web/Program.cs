using Microsoft.Extensions.Options;
using OpenRouterSaaS.Application;
using OpenRouterSaaS.Infrastructure;
using OpenRouterSaaS.Infrastructure.Persistence;
using OpenRouterSaaS.Infrastructure.Secrets;
using OpenRouterSaaS.Infrastructure.Seeding;
using OpenRouterSaaS.Web;
using OpenRouterSaaS.Web.Hosting;
using OpenRouterSaaS.Web.Observability;
using OpenRouterSaaS.Web.Security;

var builder = WebApplication.CreateBuilder(args);
builder.AddLogFormat().AddTelemetry();
builder.Services
    .AddApplication()
    .AddInfrastructure(builder.Configuration)
    .AddWeb()
    .AddSecurity(builder.Configuration, builder.Environment)
    .AddReverseProxy(builder.Configuration);

var app = builder.Build();

// `dotnet OpenRouterSaaS.Web.dll migrate` applies migrations and exits: the explicit step for production.
if (args.Contains("migrate", StringComparer.Ordinal))
{
    await DatabaseMigrator.MigrateAsync(app.Services);
    return;
}

// Settings checked at start (the master keys above all) are checked now, before anything touches the database:
// a missing or malformed master key stops the app here with a message naming the setting.
app.Services.GetRequiredService<IStartupValidator>().Validate();

// `dotnet OpenRouterSaaS.Web.dll rotate-secrets` re-encrypts every stored secret under the active master key and exits.
if (args.Contains("rotate-secrets", StringComparer.Ordinal))
{
    var report = await SecretRotationCommand.RunAsync(app.Services);
    Console.WriteLine(report);
    Environment.ExitCode = report.Unreadable == 0 ? 0 : 1;
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
