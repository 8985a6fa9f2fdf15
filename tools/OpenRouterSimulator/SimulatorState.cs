using System.Collections.Concurrent;
using OpenRouterSimulator.Accounting;
using OpenRouterSimulator.Catalogue;
using OpenRouterSimulator.Faults;
using OpenRouterSimulator.Generations;
using OpenRouterSimulator.Keys;
using OpenRouterSimulator.RequestLogging;

namespace OpenRouterSimulator;

/// <summary>Everything the simulator remembers: accounts, keys, generations, the request log. Tests reach it through <c>app.Services</c>.</summary>
public sealed class SimulatorState
{
    private readonly ConcurrentDictionary<string, ApiKey> _bySecret = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ApiKey> _byHash = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Account> _accounts = new(StringComparer.Ordinal);
    private int _accountSequence;

    internal SimulatorState(SimulatorOptions options, ModelCatalogue catalogue)
    {
        Options = options;
        Catalogue = catalogue;
        RequestLog = new RequestLog(options.RequestLogCapacity);
        Generations = new GenerationStore(options.GenerationCapacity);
        Seed();
    }

    public SimulatorOptions Options { get; }

    /// <summary>The requests made to <c>/api/v1</c>, most recent last.</summary>
    public RequestLog RequestLog { get; }

    /// <summary>The demo keys derived from <see cref="SimulatorOptions.Seed"/>, when seeded.</summary>
    public DemoKeys? DemoKeys { get; private set; }

    internal TimeProvider Time => Options.TimeProvider;

    internal ModelCatalogue Catalogue { get; }

    internal GenerationStore Generations { get; }

    internal FailFirstCounter FailFirst { get; } = new();

    /// <summary>Creates a key (and its account when needed) and returns its secret, which the simulator shows only here.</summary>
    public CreatedKey CreateKey(SimulatedKeyRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!LimitResets.TryParse(request.LimitReset, out var reset))
        {
            throw new ArgumentException("limit_reset must be daily, weekly, monthly or null");
        }

        if (request.Limit is < 0m)
        {
            throw new ArgumentException("limit must not be negative");
        }

        var accountName = request.Account ?? $"account-{Interlocked.Increment(ref _accountSequence)}";
        var account = OpenAccount(accountName, request.Credits);
        var key = AddKey(account, request.Key, request.Management, new KeySettings(request.Label ?? "Simulator key", request.Limit, reset));
        return new CreatedKey(key.Secret, key.Hash, key.Label, request.Label ?? "Simulator key", account.Name, key.IsManagement, request.Limit, reset.ToWire());
    }

    /// <summary>Sets an account's total credits (USD); creates the account when it does not exist.</summary>
    public void SetCredits(string account, decimal credits) => OpenAccount(account, credits).SetCredits(credits);

    /// <summary>Forgets every key, account, generation and logged request, then seeds the configured keys again.</summary>
    public void Reset()
    {
        _bySecret.Clear();
        _byHash.Clear();
        _accounts.Clear();
        Generations.Clear();
        RequestLog.Clear();
        FailFirst.Clear();
        Seed();
    }

    /// <summary>Stores a finished (or cancelled) generation and bills its cost to the key, the account and the activity.</summary>
    internal void Record(GenerationRecord record, ApiKey key)
    {
        Generations.Add(record);
        var day = UtcCalendar.Today(Time);
        key.Charge(day, record.TotalCost);
        key.Account.Charge(record.TotalCost);
        key.Account.Activity.Add(day, record);
    }

    internal ApiKey? FindBySecret(string secret) => _bySecret.GetValueOrDefault(secret);

    internal ApiKey? FindByHash(string hash) => _byHash.TryGetValue(hash, out var key) && !key.IsDeleted ? key : null;

    internal IEnumerable<ApiKey> KeysOf(Account account) =>
        _byHash.Values.Where(k => ReferenceEquals(k.Account, account) && !k.IsDeleted).OrderBy(k => k.CreatedAt).ThenBy(k => k.Hash, StringComparer.Ordinal);

    internal ApiKey MintKey(Account account, KeySettings settings) => AddKey(account, null, management: false, settings);

    internal void DeleteKey(ApiKey key)
    {
        key.Delete();
        _bySecret.TryRemove(key.Secret, out _);
    }

    private Account OpenAccount(string name, decimal? credits)
    {
        var account = _accounts.GetOrAdd(name, n => new Account(n, credits ?? CreditsOf(n)));
        if (credits is { } amount)
        {
            account.SetCredits(amount);
        }

        return account;
    }

    private decimal CreditsOf(string account) => Options.Accounts.TryGetValue(account, out var credits) ? credits : Options.DefaultCredits;

    private ApiKey AddKey(Account account, string? secret, bool management, KeySettings settings)
    {
        if (secret is not null && !KeySecrets.IsWellFormed(secret))
        {
            throw new ArgumentException("A key must be sk-or-v1- followed by 64 lowercase hex characters");
        }

        var key = new ApiKey(secret ?? KeySecrets.Mint(), account, management, settings, Time.GetUtcNow());
        if (!_bySecret.TryAdd(key.Secret, key))
        {
            throw new InvalidOperationException("This key already exists");
        }

        _byHash[key.Hash] = key;
        return key;
    }

    private void Seed()
    {
        DemoKeys = null;
        if (Options.SeedDemoKeys)
        {
            var account = OpenAccount(Options.DemoAccount, null);
            var user = AddKey(account, KeySecrets.Derive(Options.Seed, "user"), false, new KeySettings("Demo user key", null, LimitReset.Never));
            var management = AddKey(account, KeySecrets.Derive(Options.Seed, "management"), true, new KeySettings("Demo management key", null, LimitReset.Never));
            DemoKeys = new DemoKeys(user.Secret, management.Secret, account.Name);
        }

        foreach (var seeded in Options.Keys)
        {
            if (!LimitResets.TryParse(seeded.LimitReset, out var reset))
            {
                throw new InvalidOperationException($"Simulator:Keys: limit reset '{seeded.LimitReset}' is not daily, weekly, monthly or empty");
            }

            if (!KeySecrets.IsWellFormed(seeded.Key))
            {
                throw new InvalidOperationException(
                    $"Simulator:Keys: the key labelled '{seeded.Label}' is not sk-or-v1- followed by 64 lowercase hex characters");
            }

            var account = OpenAccount(seeded.Account ?? Options.DemoAccount, null);
            AddKey(account, seeded.Key, seeded.Management, new KeySettings(seeded.Label ?? "Seeded key", seeded.Limit, reset));
        }
    }
}

/// <summary>What <see cref="SimulatorState.CreateKey"/> (and <c>POST /_sim/keys</c>) accepts.</summary>
/// <param name="Label">The key's name.</param>
/// <param name="Limit">Spending limit in USD, none when null.</param>
/// <param name="LimitReset"><c>daily</c>, <c>weekly</c>, <c>monthly</c> or null.</param>
/// <param name="Management">Whether it is a management (provisioning) key.</param>
/// <param name="Credits">Credits of the account, set when given.</param>
/// <param name="Account">The account; a new one when null.</param>
/// <param name="Key">An explicit secret; a random one when null.</param>
public sealed record SimulatedKeyRequest(
    string? Label = null,
    decimal? Limit = null,
    string? LimitReset = null,
    bool Management = false,
    decimal? Credits = null,
    string? Account = null,
    string? Key = null);

/// <summary>A key just created, with its secret.</summary>
public sealed record CreatedKey(string Key, string Hash, string Label, string Name, string Account, bool Management, decimal? Limit, string? LimitReset);

/// <summary>The seeded demo keys: a normal key for completions and a management key of the same account.</summary>
public sealed record DemoKeys(string UserKey, string ManagementKey, string Account);
