using OpenRouterSimulator.Accounting;

namespace OpenRouterSimulator.Keys;

/// <summary>One OpenRouter API key (or management key) with its settings and spend.</summary>
internal sealed class ApiKey
{
    private readonly Lock _gate = new();
    private readonly SpendingMeter _spend = new();
    private string _name;
    private bool _disabled;
    private bool _deleted;
    private decimal? _limit;
    private LimitReset _limitReset;
    private bool _includeByokInLimit;
    private DateTimeOffset? _expiresAt;
    private DateTimeOffset? _updatedAt;

    public ApiKey(string secret, Account account, bool isManagement, KeySettings settings, DateTimeOffset createdAt)
    {
        Secret = secret;
        Hash = KeySecrets.Hash(secret);
        Fingerprint = Hash[..12];
        Label = KeySecrets.Mask(secret);
        Account = account;
        IsManagement = isManagement;
        CreatedAt = createdAt;
        _name = settings.Name;
        _limit = settings.Limit;
        _limitReset = settings.LimitReset;
        _includeByokInLimit = settings.IncludeByokInLimit;
        _expiresAt = settings.ExpiresAt;
    }

    public string Secret { get; }

    public string Hash { get; }

    public string Fingerprint { get; }

    public string Label { get; }

    public Account Account { get; }

    public bool IsManagement { get; }

    public DateTimeOffset CreatedAt { get; }

    public KeyState State(DateTimeOffset now)
    {
        lock (_gate)
        {
            if (_deleted)
            {
                return KeyState.Deleted;
            }

            if (_disabled)
            {
                return KeyState.Disabled;
            }

            return _expiresAt is { } expiry && expiry <= now ? KeyState.Expired : KeyState.Active;
        }
    }

    public bool IsDeleted
    {
        get
        {
            lock (_gate)
            {
                return _deleted;
            }
        }
    }

    public void Charge(DateOnly day, decimal cost) => _spend.Add(day, cost);

    /// <summary>What is left of the limit in its current window, or null without a limit.</summary>
    public decimal? LimitRemaining(DateOnly today)
    {
        decimal? limit;
        LimitReset reset;
        lock (_gate)
        {
            limit = _limit;
            reset = _limitReset;
        }

        return limit is { } value ? Math.Max(0m, value - _spend.Read(today).In(reset)) : null;
    }

    public KeyView View(DateOnly today)
    {
        var spend = _spend.Read(today);
        lock (_gate)
        {
            decimal? remaining = _limit is { } limit ? Math.Max(0m, limit - spend.In(_limitReset)) : null;
            return new KeyView(
                Hash, _name, Label, _disabled, _limit, remaining, _limitReset.ToWire(), _includeByokInLimit,
                spend, CreatedAt, _updatedAt, _expiresAt, IsManagement);
        }
    }

    public void Update(KeyUpdate update, DateTimeOffset now)
    {
        lock (_gate)
        {
            _name = update.Name ?? _name;
            _disabled = update.Disabled ?? _disabled;
            _includeByokInLimit = update.IncludeByokInLimit ?? _includeByokInLimit;
            if (update.SetsLimit)
            {
                _limit = update.Limit;
            }

            if (update.LimitReset is { } reset)
            {
                _limitReset = reset;
            }

            _updatedAt = now;
        }
    }

    public void Delete()
    {
        lock (_gate)
        {
            _deleted = true;
        }
    }
}

internal enum KeyState
{
    Active,
    Disabled,
    Expired,
    Deleted,
}

/// <summary>What a key is created with.</summary>
internal sealed record KeySettings(string Name, decimal? Limit, LimitReset LimitReset, bool IncludeByokInLimit = false, DateTimeOffset? ExpiresAt = null);

/// <summary>A change to a key; null members are left as they are. <see cref="SetsLimit"/> tells "limit": null from no limit field.</summary>
internal sealed record KeyUpdate(string? Name, bool? Disabled, bool SetsLimit, decimal? Limit, LimitReset? LimitReset, bool? IncludeByokInLimit);

/// <summary>A consistent snapshot of a key for the API.</summary>
internal sealed record KeyView(
    string Hash,
    string Name,
    string Label,
    bool Disabled,
    decimal? Limit,
    decimal? LimitRemaining,
    string? LimitReset,
    bool IncludeByokInLimit,
    SpendTotals Spend,
    DateTimeOffset CreatedAt,
    DateTimeOffset? UpdatedAt,
    DateTimeOffset? ExpiresAt,
    bool IsManagement);
