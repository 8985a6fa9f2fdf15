using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenRouterSaaS.Application.Common;
using OpenRouterSaaS.Infrastructure.Persistence;
using OpenRouterSaaS.Tests.Shared;

namespace OpenRouterSaaS.FunctionalTests.Infrastructure;

/// <summary>
/// One running app on one fresh database, shared by the tests of a class (xUnit runs classes in parallel, each
/// with its own fixture). Tests keep out of each other's way with unique emails and slugs.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "xUnit disposes fixtures through IAsyncLifetime.DisposeAsync.")]
public class AppFixture : IAsyncLifetime
{
    /// <summary>Meets the password policy (10+ characters, upper, lower, digit).</summary>
    public const string Password = "Plenty-of-Chars-42";

    private readonly ConcurrentBag<TestUser> _users = [];
    private readonly Action<IServiceCollection>? _services;
    private readonly FakeModelCatalogueSource? _catalogue;
    private readonly bool _overKestrel;
    private readonly IReadOnlyDictionary<string, string>? _settings;
    private ThrowawayDatabase? _database;
    private TestApp? _app;
    private Uri? _baseAddress;

    public AppFixture()
    {
    }

    /// <summary>
    /// For a fixture whose app needs further services (registered last), such as a logger that records, or a model
    /// catalogue of its own, loaded once as the fixture starts (see <see cref="TestApp.LoadCatalogueAsync"/>). With
    /// <paramref name="overKestrel"/> the app listens on a free loopback port (<see cref="BaseAddress"/>), for programs
    /// outside the test process; <see cref="TestApp.CreateClient()"/> then talks to that port too. <paramref name="settings"/>
    /// are further settings of the app.
    /// </summary>
    protected AppFixture(
        Action<IServiceCollection>? services = null, FakeModelCatalogueSource? catalogue = null, bool overKestrel = false, IReadOnlyDictionary<string, string>? settings = null)
    {
        _services = services;
        _catalogue = catalogue;
        _overKestrel = overKestrel;
        _settings = settings;
    }

    public TestApp App => _app ?? throw new InvalidOperationException("The app starts when the test class starts.");

    /// <summary>The app's <c>Secrets:*</c> settings (its master key), for another instance of the app on the same database.</summary>
    public IReadOnlyDictionary<string, string> Secrets { get; } = TestApp.RandomMasterKey();

    public AdjustableClock Clock => App.Clock;

    /// <summary>Where the app listens, e.g. http://127.0.0.1:41234/, for a fixture made to serve over Kestrel.</summary>
    public Uri BaseAddress => _baseAddress ?? throw new InvalidOperationException("Only a fixture made with overKestrel listens on a port.");

    /// <summary>The app's database, for tests that act on it as another instance of the app would.</summary>
    public string ConnectionString => _database?.ConnectionString ?? throw new InvalidOperationException("The database is created when the test class starts.");

    /// <summary>Reads what the app stored, to check that an action changed what it should and nothing else.</summary>
    public StoredData Stored => new(App.Services);

    public async Task InitializeAsync()
    {
        _database = await ThrowawayDatabase.CreateAsync();
        _app = new TestApp(AppConnectionString(_database.ConnectionString), Secrets, _settings, _services, _catalogue);
        if (_overKestrel)
        {
            _app.UseKestrel(0);
        }

        // Starting the app applies the migrations (Development).
        _app.StartServer();
        if (_overKestrel)
        {
            var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                ?? throw new InvalidOperationException("Kestrel did not report the address it listens on.");
            _baseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");
        }

        if (_catalogue is not null)
        {
            await _app.LoadCatalogueAsync();
        }

        await StartedAsync();
    }

    public async Task DisposeAsync()
    {
        await StoppingAsync();
        foreach (var user in _users)
        {
            user.Dispose();
        }

        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    /// <summary>The connection string the app is given for <paramref name="database"/>, for a fixture that puts something between them.</summary>
    protected virtual string AppConnectionString(string database) => database;

    /// <summary>Runs once the app has started, for a fixture that starts more (such as a second instance).</summary>
    protected virtual Task StartedAsync() => Task.CompletedTask;

    /// <summary>Runs before the app and its database go, for a fixture that started more.</summary>
    protected virtual Task StoppingAsync() => Task.CompletedTask;

    /// <summary>Someone at a fresh browser, not signed in, who will use <see cref="Password"/> if they register.</summary>
    public TestUser Visitor(string who = "person") => Browser(Unique.Email(who), Password);

    /// <summary>A fresh browser, not signed in, for someone who has (or will have) this email and password.</summary>
    public TestUser Browser(string email, string password)
    {
        var user = new TestUser(App, email, password);
        _users.Add(user);
        return user;
    }

    /// <summary>A new person who registered, confirmed their address through the emailed link and signed in.</summary>
    public async Task<TestUser> SignUpAsync(string who = "person")
    {
        var user = Visitor(who);
        await user.RegisterAsync();
        await user.ConfirmEmailAsync();
        await user.SignInAsync();
        return user;
    }

    /// <summary>A new person who joined <paramref name="slug"/> as <paramref name="role"/> through an invitation from <paramref name="admin"/>.</summary>
    public async Task<TestUser> AddMemberAsync(TestUser admin, string slug, string role = "Member", string who = "member")
    {
        var member = await SignUpAsync(who);
        var link = await admin.InviteAsync(slug, member.Email, role);
        await member.AcceptInvitationAsync(link);
        return member;
    }

    /// <summary>
    /// A new tenant with its owner, an admin and a member who joined through invitations, and a signed-in person
    /// who belongs to none of it; all signed in.
    /// </summary>
    public async Task<TenantPeople> TenantWithPeopleAsync()
    {
        var (owner, slug) = await TenantWithOwnerAsync();
        var admin = await AddMemberAsync(owner, slug, "Admin", "admin");
        var member = await AddMemberAsync(owner, slug, "Member", "member");
        var outsider = await SignUpAsync("outsider");
        return new TenantPeople(slug, owner, admin, member, outsider);
    }

    /// <summary>Deletes a tenant's stored model allow-list, as for a tenant made before allow-lists were stored: it then has the default.</summary>
    public async Task ForgetAllowListAsync(string slug)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.ModelAllowLists.IgnoreQueryFilters([QueryFilters.Tenant])
            .Where(allowList => db.Tenants.Any(tenant => tenant.Id == allowList.TenantId && tenant.Slug == slug))
            .ExecuteDeleteAsync();
    }

    /// <summary>A signed-in person who owns a new tenant; returns them and its slug.</summary>
    public async Task<(TestUser Owner, string Slug)> TenantWithOwnerAsync(string who = "owner")
    {
        var owner = await SignUpAsync(who);
        var slug = Unique.Slug();
        await owner.CreateTenantAsync("Tenant " + slug, slug);
        return (owner, slug);
    }
}

/// <summary>The people of a tenant made by <see cref="AppFixture.TenantWithPeopleAsync"/>, and someone from outside it.</summary>
public sealed record TenantPeople(string Slug, TestUser Owner, TestUser Admin, TestUser Member, TestUser Outsider);

/// <summary>An <see cref="AppFixture"/> whose app has the simulator's 17 models as its catalogue, loaded before the tests start.</summary>
public sealed class CatalogueAppFixture() : AppFixture(catalogue: new FakeModelCatalogueSource());

/// <summary>Names no other test uses, so tests sharing one database never collide.</summary>
public static class Unique
{
    public static string Email(string who = "person") => $"{who}-{Suffix()}@example.test";

    public static string Slug(string prefix = "t") => $"{prefix}-{Suffix()}";

    private static string Suffix() => Guid.NewGuid().ToString("N")[..10];
}
