using System.Diagnostics.CodeAnalysis;
using Npgsql;
using OpenRouterSaaS.FunctionalTests.Infrastructure;
using OpenRouterSaaS.Tests.Shared;

namespace OpenRouterSaaS.FunctionalTests.Faults;

/// <summary>
/// An app (with the simulator's models as its catalogue) that reaches its database through a <see cref="TcpProxy"/>,
/// so a test can take the database away from it and give it back.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "xUnit disposes fixtures through IAsyncLifetime.DisposeAsync.")]
public sealed class DatabaseOutageFixture() : AppFixture(catalogue: new FakeModelCatalogueSource())
{
    private TcpProxy? _proxy;

    public TcpProxy Proxy => _proxy ?? throw new InvalidOperationException("The proxy starts with the app.");

    protected override string AppConnectionString(string database)
    {
        var builder = new NpgsqlConnectionStringBuilder(database);
        _proxy = new TcpProxy(builder.Host!, builder.Port);
        builder.Host = "127.0.0.1";
        builder.Port = _proxy.Port;
        return builder.ConnectionString;
    }

    protected override Task StoppingAsync()
    {
        // Restored, so the app's last work and the database's removal are not disturbed.
        _proxy?.Restore();
        return Task.CompletedTask;
    }
}
