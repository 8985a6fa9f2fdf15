using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OpenRouterSaaS.Infrastructure.Email;

namespace OpenRouterSaaS.Tests.Shared;

/// <summary>
/// The web app as a developer runs it (Development: migrations applied at start, emails kept in the
/// development mailbox), on a database of its own and with a clock the test can move.
/// </summary>
public sealed class TestApp(string connectionString) : WebApplicationFactory<Program>
{
    public AdjustableClock Clock { get; } = new();

    /// <summary>Where the app's emails go instead of a mail server.</summary>
    public DevelopmentMailbox Mailbox => Services.GetRequiredService<DevelopmentMailbox>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:Default", connectionString);
        // The development mailbox logs every link at Information; tests keep the log to what went wrong.
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            // The production hash costs about 100 ms of CPU; the tests sign up hundreds of people and test
            // what the app does with a password, not the hash's strength.
            services.Configure<PasswordHasherOptions>(options => options.IterationCount = 1000);
        });
    }
}
