using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OpenRouterSaaS.Infrastructure.Email;

namespace OpenRouterSaaS.Tests.Shared;

/// <summary>
/// The web app as a developer runs it (Development: migrations applied at start, emails kept in the
/// development mailbox), on a database of its own, with a master key of its own and a clock the test can move.
/// </summary>
/// <param name="secrets">The <c>Secrets:*</c> settings; by default a fresh random master key, as ./run.sh makes one.</param>
/// <param name="settings">Further settings, such as <c>Demo:*</c>.</param>
public sealed class TestApp(string connectionString, IReadOnlyDictionary<string, string>? secrets = null, IReadOnlyDictionary<string, string>? settings = null)
    : WebApplicationFactory<Program>
{
    public const string MasterKeyId = "test";

    /// <summary>Settings with one random master key, active.</summary>
    public static IReadOnlyDictionary<string, string> RandomMasterKey() => new Dictionary<string, string>
    {
        ["Secrets:ActiveKeyId"] = MasterKeyId,
        [$"Secrets:MasterKeys:{MasterKeyId}"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
    };

    public AdjustableClock Clock { get; } = new();

    /// <summary>Where the app's emails go instead of a mail server.</summary>
    public DevelopmentMailbox Mailbox => Services.GetRequiredService<DevelopmentMailbox>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:Default", connectionString);
        foreach (var (key, value) in (secrets ?? RandomMasterKey()).Concat(settings ?? new Dictionary<string, string>()))
        {
            builder.UseSetting(key, value);
        }

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
