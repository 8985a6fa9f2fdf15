using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace OpenRouterSaaS.FunctionalTests.Faults;

/// <summary>
/// A loopback TCP proxy in front of a server (PostgreSQL), on one port for its whole life: <see cref="Cut"/> stops
/// accepting and closes every live connection, as when the database goes away; <see cref="Restore"/> accepts again.
/// </summary>
public sealed class TcpProxy : IDisposable
{
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly ConcurrentDictionary<Guid, (TcpClient Client, TcpClient Server)> _live = new();
    private readonly Lock _gate = new();
    private TcpListener? _listener;

    public TcpProxy(string targetHost, int targetPort)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
        Port = Listen(0);
    }

    /// <summary>The loopback port the proxy listens on.</summary>
    public int Port { get; }

    /// <summary>Stops accepting and closes every live connection, both ways.</summary>
    public void Cut()
    {
        lock (_gate)
        {
            _listener?.Stop();
            _listener = null;
        }

        foreach (var (id, pair) in _live)
        {
            Close(id, pair);
        }
    }

    /// <summary>Accepts connections again, on the same port.</summary>
    public void Restore()
    {
        lock (_gate)
        {
            if (_listener is null)
            {
                Listen(Port);
            }
        }
    }

    public void Dispose() => Cut();

    private int Listen(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        _listener = listener;
        _ = AcceptAsync(listener);
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync();
            }
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return; // Cut.
            }

            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(TcpClient client)
    {
        var id = Guid.NewGuid();
        var server = new TcpClient();
        try
        {
            await server.ConnectAsync(_targetHost, _targetPort);
        }
        catch (SocketException)
        {
            client.Dispose();
            server.Dispose();
            return;
        }

        var pair = (client, server);
        _live[id] = pair;
        try
        {
            var up = client.GetStream().CopyToAsync(server.GetStream());
            var down = server.GetStream().CopyToAsync(client.GetStream());
            await Task.WhenAny(up, down);
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException or SocketException)
        {
            // One side went away (or the proxy was cut).
        }
        finally
        {
            Close(id, pair);
        }
    }

    private void Close(Guid id, (TcpClient Client, TcpClient Server) pair)
    {
        _live.TryRemove(id, out _);
        pair.Client.Dispose();
        pair.Server.Dispose();
    }
}
