using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using OpenRouterSaaS.FunctionalTests.Infrastructure;
using OpenRouterSaaS.Infrastructure.Budgets;
using OpenRouterSaaS.Infrastructure.Usage;
using OpenRouterSaaS.Tests.Shared;

namespace OpenRouterSaaS.FunctionalTests.MultiInstance;

/// <summary>
/// Two instances of the app, A (<see cref="AppFixture.App"/>) and B, as behind one load balancer: one database, one master
/// key, one OpenRouter (A's simulator). Their background workers are off, so a test runs each job on both at the moment
/// it chooses; each instance has an <see cref="UpstreamGate"/> to hold it in the middle of a job.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "xUnit disposes fixtures through IAsyncLifetime.DisposeAsync.")]
public sealed class TwoInstancesFixture : AppFixture
{
    /// <summary>Every worker's interval off; the catalogue is loaded from the simulator once, as the fixture starts.</summary>
    public static readonly IReadOnlyDictionary<string, string> WorkersOff = new Dictionary<string, string>
    {
        ["OpenRouter:CatalogueRefreshMinutes"] = "0",
        ["Reconciliation:Interval"] = "00:00:00",
        ["ActivityImport:Interval"] = "00:00:00",
        ["Budgets:SweepInterval"] = "00:00:00",
    };

    private readonly List<TestApp> _instances = [];
    private TestApp? _b;

    public TwoInstancesFixture()
        : this(new UpstreamGate())
    {
    }

    private TwoInstancesFixture(UpstreamGate gate)
        : base(gate.AddTo, settings: WorkersOff)
    {
        GateA = gate;
    }

    public TestApp B => _b ?? throw new InvalidOperationException("Instance B starts when the test class starts.");

    public UpstreamGate GateA { get; }

    public UpstreamGate GateB { get; } = new();

    /// <summary>
    /// Starts one more instance on the same database, master key and simulator, its requests to OpenRouter passing
    /// <paramref name="gate"/>; the fixture disposes it unless the test did first.
    /// </summary>
    public TestApp StartInstance(UpstreamGate? gate = null)
    {
        var instance = new TestApp(ConnectionString, Secrets, WorkersOff, services => gate?.AddTo(services), simulatorOf: App);
        instance.StartServer();
        _instances.Add(instance);
        return instance;
    }

    /// <summary>Moves both instances' clocks (each instance has its own, as each machine does) by <paramref name="distance"/>.</summary>
    public IDisposable Travel(TimeSpan distance) => new Both(App.Clock.Travel(distance), B.Clock.Travel(distance));

    public T OnA<T>() where T : notnull => App.Services.GetRequiredService<T>();

    public T OnB<T>() where T : notnull => B.Services.GetRequiredService<T>();

    /// <summary>The catalogue is not loaded at start on an instance whose worker is off: A loads it from the simulator.</summary>
    protected override async Task StartedAsync()
    {
        await App.LoadCatalogueAsync();
        _b = StartInstance(GateB);
    }

    protected override async Task StoppingAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }
    }

    private sealed class Both(IDisposable first, IDisposable second) : IDisposable
    {
        public void Dispose()
        {
            first.Dispose();
            second.Dispose();
        }
    }
}
