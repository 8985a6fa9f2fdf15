using Microsoft.Extensions.DependencyInjection;
using OpenRouterSaaS.FunctionalTests.Infrastructure;
using OpenRouterSaaS.Infrastructure.Usage;

namespace OpenRouterSaaS.FunctionalTests.Usage;

/// <summary>
/// The app for tests that read a <see cref="MarchLedger"/>, with its reconciliation worker off: the clock is months past
/// March, so the worker would sweep the ledger's Pending call and give up on the others' generation records whenever a
/// round fell between writing the ledger and reading a page, and change what the page shows.
/// </summary>
public class MarchLedgerAppFixture : AppFixture
{
    public MarchLedgerAppFixture()
        : this(null)
    {
    }

    /// <summary>For a fixture that needs further services besides.</summary>
    protected MarchLedgerAppFixture(Action<IServiceCollection>? services)
        : base(collection =>
        {
            collection.Configure<ReconciliationOptions>(options => options.Interval = TimeSpan.Zero);
            services?.Invoke(collection);
        })
    {
    }
}
