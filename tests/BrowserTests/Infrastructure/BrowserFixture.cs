using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OpenRouterSaaS.Tests.Shared;

namespace OpenRouterSaaS.BrowserTests.Infrastructure;

/// <summary>
/// The app served by Kestrel on a free loopback port, on a database of its own, and Debian's Chromium driven
/// by Playwright. Playwright never downloads a browser here: it is pointed at the one the system has.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "xUnit disposes fixtures through IAsyncLifetime.DisposeAsync.")]
public class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    // Generous, because the suite shares two cores with the other test projects; a passing run never waits this long.
    private const float Timeout = 30_000;

    private readonly FakeModelCatalogueSource? _catalogue;
    private ThrowawayDatabase? _database;
    private TestApp? _app;
    private IPlaywright? _playwright;

    public BrowserFixture()
    {
    }

    /// <summary>For a fixture whose app has a model catalogue of its own, loaded once as the fixture starts (see <see cref="TestApp.LoadCatalogueAsync"/>).</summary>
    protected BrowserFixture(FakeModelCatalogueSource catalogue) => _catalogue = catalogue;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The app under test, with the OpenRouter simulator it talks to.</summary>
    public TestApp App => _app ?? throw new InvalidOperationException("The app starts when the test class starts.");

    /// <summary>Where the app listens, e.g. http://127.0.0.1:41234.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"The browser tests drive Debian's Chromium at {ChromiumPath}; ./test.sh installs it (apt-get install chromium).");
        }

        _database = await ThrowawayDatabase.CreateAsync();
        _app = new TestApp(_database.ConnectionString, catalogue: _catalogue);
        _app.UseKestrel(0);
        _app.StartServer();
        if (_catalogue is not null)
        {
            await _app.LoadCatalogueAsync();
        }

        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("Kestrel did not report the address it listens on.");
        BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));

        Assertions.SetDefaultExpectTimeout(Timeout);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
            ],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    /// <summary>A separate browser profile (its own cookies), as a second person at their own computer.</summary>
    public async Task<IPage> NewPersonAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseAddress.ToString(), ViewportSize = new() { Width = 1280, Height = 800 } });
        context.SetDefaultTimeout(Timeout);
        return await context.NewPageAsync();
    }
}

/// <summary>A <see cref="BrowserFixture"/> whose app has the simulator's 17 models as its catalogue, loaded before the tests start.</summary>
public sealed class CatalogueBrowserFixture() : BrowserFixture(new FakeModelCatalogueSource());
