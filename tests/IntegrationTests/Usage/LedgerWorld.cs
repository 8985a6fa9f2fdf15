using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenRouterSaaS.Application;
using OpenRouterSaaS.Application.Common;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.OpenRouter;
using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.Domain.Tenants;
using OpenRouterSaaS.Domain.Usage;
using OpenRouterSaaS.Infrastructure;
using OpenRouterSaaS.Infrastructure.Persistence;
using OpenRouterSaaS.Infrastructure.Usage;
using OpenRouterSaaS.IntegrationTests.Budgets;
using OpenRouterSaaS.IntegrationTests.Infrastructure;

namespace OpenRouterSaaS.IntegrationTests.Usage;

/// <summary>
/// The app's services as an instance builds them (Application and Infrastructure, real PostgreSQL), with OpenRouter's
/// generation records and activity scripted by the test and a clock it sets. Each <see cref="Instance"/> is one app
/// instance: its own services and connections on the same database.
/// </summary>
public sealed class LedgerWorld : IAsyncDisposable
{
    private readonly string _masterKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly PostgresDatabase _database;

    public LedgerWorld(PostgresDatabase database, int batchSize = 50)
    {
        _database = database;
        BatchSize = batchSize;
        Main = Instance();
    }

    public FixedClock Clock { get; } = new(BudgetData.March);

    public FakeGenerations Generations { get; } = new();

    public FakeActivity Activity { get; } = new();

    public int BatchSize { get; }

    public ServiceProvider Main { get; }

    public ServiceProvider Instance()
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Default"] = _database.ConnectionString,
            ["Secrets:ActiveKeyId"] = "it",
            ["Secrets:MasterKeys:it"] = _masterKey,
            ["Reconciliation:BatchSize"] = BatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var services = new ServiceCollection().AddLogging();
        services.AddApplication().AddInfrastructure(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton<IGenerationSource>(Generations);
        services.AddSingleton<IActivitySource>(Activity);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    public ValueTask DisposeAsync() => Main.DisposeAsync();

    public ReconciliationSweep Sweep(ServiceProvider? instance = null) => (instance ?? Main).GetRequiredService<ReconciliationSweep>();

    /// <summary>Stores an OpenRouter key of the tenant, encrypted as the app stores it; returns its row id.</summary>
    public async Task<Guid> AddKeyAsync(Tenant tenant, CredentialKind kind, string key, Guid? owner = null)
    {
        await using var scope = Enter(tenant);
        var protector = scope.ServiceProvider.GetRequiredService<ISecretProtector>();
        var id = Guid.CreateVersion7();
        var encrypted = protector.Protect(key, new Domain.Secrets.SecretBinding(tenant.Id, owner, id));
        var credential = new OpenRouterCredential(id, tenant.Id, kind, owner, encrypted, OpenRouterKeyFormat.Mask(key), OpenRouterKeyFormat.Fingerprint(key),
            KeyCheck.NotYetVerified(), null, Clock.GetUtcNow());
        scope.ServiceProvider.GetRequiredService<AppDbContext>().OpenRouterCredentials.Add(credential);
        await scope.ServiceProvider.GetRequiredService<AppDbContext>().SaveChangesAsync();
        return id;
    }

    public async Task RemoveKeyAsync(Tenant tenant, Guid credentialId)
    {
        await using var scope = Enter(tenant);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.OpenRouterCredentials.Remove(await db.OpenRouterCredentials.SingleAsync(credential => credential.Id == credentialId));
        await db.SaveChangesAsync();
    }

    /// <summary>Writes a ledger row as the gateway does: started at <paramref name="at"/>, then shaped by <paramref name="shape"/>.</summary>
    public async Task<UsageRecord> AddCallAsync(
        Tenant tenant, Membership member, Guid credentialId, DateTimeOffset at, Action<UsageRecord> shape, Guid? reservationId = null,
        CredentialKind kind = CredentialKind.Shared)
    {
        await using var scope = Enter(tenant);
        var record = UsageRecord.Start(tenant.Id, member.UserId, kind, credentialId, null, "openai/gpt-4o", streamed: true, reservationId, at);
        shape(record);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.UsageRecords.Add(record);
        await db.SaveChangesAsync();
        return record;
    }

    /// <summary>A ledger row as it is now, read from outside any tenant.</summary>
    public async Task<UsageRecord> RecordAsync(Guid id)
    {
        await using var scope = _database.OpenScope();
        return await scope.Db.UsageRecords.IgnoreQueryFilters([QueryFilters.Tenant]).AsNoTracking().SingleAsync(record => record.Id == id);
    }

    public async Task<List<ActivityDay>> ActivityOfAsync(Tenant tenant)
    {
        await using var scope = _database.OpenScope();
        return await scope.Db.ActivityDays.IgnoreQueryFilters([QueryFilters.Tenant]).AsNoTracking()
            .Where(day => day.TenantId == tenant.Id).OrderBy(day => day.Date).ThenBy(day => day.Model).ToListAsync();
    }

    /// <summary>A scope of the main instance acting in <paramref name="tenant"/>, as a worker opens one.</summary>
    public AsyncServiceScope Enter(Tenant tenant, ServiceProvider? instance = null)
    {
        var scope = (instance ?? Main).CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ITenantContext>().Enter(tenant.Id, tenant.Slug, role: null);
        return scope;
    }

    public static string NewKey() => "sk-or-v1-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public static string NewGenerationId() => "gen-" + Guid.NewGuid().ToString("N");

    public static GenerationDetails Generation(string id, decimal totalCost, string model = "openai/gpt-4o", int prompt = 12, int completion = 30, bool cancelled = false) =>
        new(id, model, "OpenAI", totalCost, null, prompt, completion, prompt, completion, 0, 0, 400, 900, true, cancelled, cancelled ? null : "stop", false, BudgetData.March);
}

/// <summary>
/// OpenRouter's <c>/generation</c> as the test scripts it: per generation id, answers given in turn (the last one repeats);
/// an id without a script is not known yet. Every question is recorded with the key that asked.
/// </summary>
public sealed class FakeGenerations : IGenerationSource
{
    private readonly ConcurrentDictionary<string, Queue<Func<GenerationLookup>>> _scripts = new(StringComparer.Ordinal);

    public ConcurrentQueue<(string Key, string Id)> Asked { get; } = new();

    /// <summary>Runs before each answer, so a test can hold instances inside a lookup.</summary>
    public Func<string, Task>? BeforeAnswer { get; set; }

    public void Answer(string id, params Func<GenerationLookup>[] answers) => _scripts[id] = new Queue<Func<GenerationLookup>>(answers);

    public void Found(GenerationDetails generation) => Answer(generation.Id, () => new GenerationLookup(generation));

    public static GenerationLookup NotYet() => GenerationLookup.NotYetAvailable;

    public static Func<GenerationLookup> Fails(OpenRouterFailureKind kind, int? status = null) =>
        () => throw new OpenRouterException(kind, $"GET /generation failed: {kind}", status);

    public int TimesAsked(string id) => Asked.Count(question => question.Id == id);

    public async Task<GenerationLookup> GetGenerationAsync(string apiKey, string generationId, CancellationToken cancellationToken = default)
    {
        Asked.Enqueue((apiKey, generationId));
        if (BeforeAnswer is { } wait)
        {
            await wait(generationId);
        }

        if (!_scripts.TryGetValue(generationId, out var script))
        {
            return GenerationLookup.NotYetAvailable;
        }

        Func<GenerationLookup> next;
        lock (script)
        {
            next = script.Count > 1 ? script.Dequeue() : script.Peek();
        }

        return next();
    }
}

/// <summary>OpenRouter's <c>/activity</c> as the test sets it, per management key.</summary>
public sealed class FakeActivity : IActivitySource
{
    private readonly ConcurrentDictionary<string, IReadOnlyList<DailyModelActivity>> _byKey = new(StringComparer.Ordinal);

    public ConcurrentQueue<string> Asked { get; } = new();

    public void Set(string managementKey, params DailyModelActivity[] rows) => _byKey[managementKey] = rows;

    public static DailyModelActivity Row(DateOnly date, string model, decimal usage, int requests = 1, string provider = "OpenAI") =>
        new(date, model, model, provider + "-endpoint", provider, usage, 0m, requests, 10L * requests, 20L * requests, 0);

    public Task<IReadOnlyList<DailyModelActivity>> GetActivityAsync(string managementKey, DateOnly? day = null, string? apiKeyHash = null, CancellationToken cancellationToken = default)
    {
        Asked.Enqueue(managementKey);
        return Task.FromResult(_byKey.GetValueOrDefault(managementKey) ?? []);
    }
}
