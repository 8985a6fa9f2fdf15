using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Infrastructure.Catalogue;
using OpenRouterSaaS.Infrastructure.Email;
using OpenRouterSimulator;

namespace OpenRouterSaaS.Tests.Shared;

/// <summary>
/// The web app as a developer runs it (Development: migrations applied at start, emails kept in the
/// development mailbox), on a database of its own, with a clock the test can move, a master key of its own, and
/// the OpenRouter simulator hosted in-process on a free loopback port in OpenRouter's place.
/// </summary>
/// <param name="secrets">The <c>Secrets:*</c> settings; by default a fresh random master key, as ./run.sh makes one.</param>
/// <param name="settings">Further settings, such as <c>Demo:*</c>.</param>
/// <param name="services">Further services, registered last (after the app's and the test app's own), such as a logger that records.</param>
/// <param name="catalogue">
/// A model catalogue source to use instead of the simulator's over HTTP. With one, the catalogue worker is off (tests
/// must not race it): <see cref="LoadCatalogueAsync"/> loads the catalogue once, when the test says so.
/// </param>
/// <param name="simulatorOf">
/// Another (started) app whose simulator this one uses instead of starting its own, as two instances of the app behind
/// one load balancer talk to one OpenRouter; its <see cref="Simulator"/> and <see cref="SimulatorClock"/> are then this app's too.
/// </param>
/// <param name="environment">The hosting environment; only tests of what the app checks at start outside Development change it.</param>
public sealed class TestApp(
    string connectionString,
    IReadOnlyDictionary<string, string>? secrets = null,
    IReadOnlyDictionary<string, string>? settings = null,
    Action<IServiceCollection>? services = null,
    FakeModelCatalogueSource? catalogue = null,
    TestApp? simulatorOf = null,
    string environment = "Development")
    : WebApplicationFactory<Program>
{
    public const string MasterKeyId = "test";

    /// <summary>Settings with one random master key, active.</summary>
    public static IReadOnlyDictionary<string, string> RandomMasterKey() => new Dictionary<string, string>
    {
        ["Secrets:ActiveKeyId"] = MasterKeyId,
        [$"Secrets:MasterKeys:{MasterKeyId}"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
    };

    private readonly int _closedPort = ClosedPort();
    private WebApplication? _simulator;
    private readonly AdjustableClock _simulatorClock = new();
    private volatile bool _openRouterDown;

    public AdjustableClock Clock { get; } = new();

    /// <summary>
    /// The simulator's clock (its generation records' and activity's days), apart from the app's: OpenRouter reports a
    /// day's activity once the day has ended, so a test moves this one to read today's calls as yesterday's.
    /// </summary>
    public AdjustableClock SimulatorClock => simulatorOf?.SimulatorClock ?? _simulatorClock;

    /// <summary>Where the app's emails go instead of a mail server.</summary>
    public DevelopmentMailbox Mailbox => Services.GetRequiredService<DevelopmentMailbox>();

    /// <summary>The simulator's keys, accounts and request log (<c>CreateKey</c>, <c>SetCredits</c>, <c>RequestLog</c>).</summary>
    public SimulatorState Simulator => simulatorOf?.Simulator ??
        (_simulator ?? throw new InvalidOperationException("The simulator starts with the app.")).Services.GetRequiredService<SimulatorState>();

    /// <summary>The simulator's address, e.g. http://127.0.0.1:41234/.</summary>
    public Uri SimulatorAddress { get; private set; } = null!;

    /// <summary>
    /// Until disposed, the app's calls to OpenRouter go to a closed port on loopback, as when OpenRouter cannot be reached
    /// (connection refused). Tests of one class run one at a time, so this does not disturb the others.
    /// </summary>
    public IDisposable OpenRouterUnreachable()
    {
        _openRouterDown = true;
        return new Restore(this);
    }

    /// <summary>Refreshes the model catalogue once, as the worker would, and fails unless it was stored.</summary>
    public async Task LoadCatalogueAsync()
    {
        var outcome = await Services.GetRequiredService<CatalogueRefreshJob>().RunOnceAsync();
        if (outcome != CatalogueRefreshOutcome.Refreshed)
        {
            throw new InvalidOperationException($"The test catalogue could not be loaded: {outcome}.");
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_simulator is not null)
        {
            await _simulator.StopAsync();
            await _simulator.DisposeAsync();
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        StartSimulator();
        builder.UseEnvironment(environment);
        builder.UseSetting("ConnectionStrings:Default", connectionString);
        // The tests sign in hundreds of times from one address and call the API in bursts: the rate limits stay out of
        // the way, unless a test sets its own in settings.
        builder.UseSetting("RateLimits:AccountFormsPerIp", "1000000");
        builder.UseSetting("RateLimits:ApiPerToken", "1000000");
        builder.UseSetting("RateLimits:ApiPerTenant", "1000000");
        foreach (var (key, value) in (secrets ?? RandomMasterKey()).Concat(settings ?? new Dictionary<string, string>()))
        {
            builder.UseSetting(key, value);
        }

        // The development mailbox logs every link at Information; tests keep the log to what went wrong.
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("OpenRouter:BaseUrl", new Uri(SimulatorAddress, "api/v1").ToString());
        // An unreachable OpenRouter is retried as in production, only without the long waits.
        builder.UseSetting("OpenRouter:RetryDelay", "00:00:00.010");
        builder.UseSetting("OpenRouter:MaxRetryDelay", "00:00:00.100");
        if (catalogue is not null)
        {
            builder.UseSetting("OpenRouter:CatalogueRefreshMinutes", "0");
        }

        builder.ConfigureTestServices(testServices =>
        {
            testServices.AddSingleton<TimeProvider>(Clock);
            // The production hash costs about 100 ms of CPU; the tests sign up hundreds of people and test
            // what the app does with a password, not the hash's strength.
            testServices.Configure<PasswordHasherOptions>(options => options.IterationCount = 1000);
            testServices.ConfigureHttpClientDefaults(client => client.AddHttpMessageHandler(() => new OutageSwitch(this)));
            if (catalogue is not null)
            {
                testServices.AddSingleton<IModelCatalogueSource>(catalogue);
            }

            services?.Invoke(testServices);
        });
    }

    private void StartSimulator()
    {
        if (_simulator is not null)
        {
            return;
        }

        if (simulatorOf is not null)
        {
            SimulatorAddress = simulatorOf.SimulatorAddress ?? throw new InvalidOperationException("The app whose simulator is shared starts first.");
            return;
        }

        var simulator = SimulatorApp.Create(
            ["--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Warning"],
            options =>
            {
                options.GenerationDelay = TimeSpan.Zero;
                // Tests check what the gateway sent OpenRouter (provider preferences, tools, plugins) in the request log.
                options.LogRequestBodies = true;
                options.TimeProvider = SimulatorClock;
            });
        simulator.Urls.Add("http://127.0.0.1:0");
        // The host builds the app synchronously; so does this, once per app.
        simulator.StartAsync().GetAwaiter().GetResult();
        _simulator = simulator;
        SimulatorAddress = new Uri(simulator.Urls.First().TrimEnd('/') + "/");
    }

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Sends OpenRouter's requests to a closed port while <see cref="OpenRouterUnreachable"/> is in force.</summary>
    private sealed class OutageSwitch(TestApp app) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (app._openRouterDown && request.RequestUri is { } uri)
            {
                request.RequestUri = new UriBuilder(uri) { Port = app._closedPort }.Uri;
            }

            return base.SendAsync(request, cancellationToken);
        }
    }

    private sealed class Restore(TestApp app) : IDisposable
    {
        public void Dispose() => app._openRouterDown = false;
    }
}
