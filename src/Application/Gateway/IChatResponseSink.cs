namespace OpenRouterSaaS.Application.Gateway;

/// <summary>
/// Where the gateway writes its answer to one chat call: the API's HTTP response, or the playground's. Either one whole
/// JSON answer (<see cref="RespondAsync"/>), or a stream of server-sent events (<see cref="StartStreamAsync"/>, then
/// <see cref="WriteEventAsync"/> per event), never both.
/// </summary>
public interface IChatResponseSink
{
    /// <summary>One whole JSON answer: OpenRouter's body, or an error in its shape with its status.</summary>
    Task RespondAsync(GatewayResponse response, CancellationToken cancellationToken);

    /// <summary>Starts the event stream: status 200, <c>text/event-stream</c>, headers sent now.</summary>
    Task StartStreamAsync(CancellationToken cancellationToken);

    /// <summary>Writes one event, already framed as server-sent events (ending with a blank line), and flushes it to the client.</summary>
    Task WriteEventAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken);
}
