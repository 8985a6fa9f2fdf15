using OpenRouterSimulator.Accounting;

namespace OpenRouterSimulator.Keys;

/// <summary>An OpenRouter account: its credits, what it has spent, and its per-day activity.</summary>
internal sealed class Account(string name, decimal credits)
{
    private readonly Lock _gate = new();
    private decimal _credits = credits;
    private decimal _usage;

    public string Name { get; } = name;

    public ActivityBook Activity { get; } = new();

    public (decimal Credits, decimal Usage) Balance()
    {
        lock (_gate)
        {
            return (_credits, _usage);
        }
    }

    /// <summary>Whether paid requests may still run: OpenRouter refuses them once usage reaches the credits.</summary>
    public bool HasCredit()
    {
        lock (_gate)
        {
            return _usage < _credits;
        }
    }

    public void Charge(decimal cost)
    {
        lock (_gate)
        {
            _usage += cost;
        }
    }

    public void SetCredits(decimal credits)
    {
        lock (_gate)
        {
            _credits = credits;
        }
    }
}
