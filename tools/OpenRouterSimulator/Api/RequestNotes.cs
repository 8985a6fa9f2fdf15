namespace OpenRouterSimulator.Api;

/// <summary>What an endpoint learnt about a request, for the request log (fault applied, model served, generation).</summary>
internal sealed class RequestNotes
{
    private static readonly object ItemKey = new();

    public string? Fault { get; set; }

    public string? Model { get; set; }

    public string? GenerationId { get; set; }

    /// <summary>The request body as sent, when <see cref="SimulatorOptions.LogRequestBodies"/> is on.</summary>
    public string? Body { get; set; }

    public static RequestNotes Attach(HttpContext context)
    {
        var notes = new RequestNotes();
        context.Items[ItemKey] = notes;
        return notes;
    }

    /// <summary>The notes of this request; a detached instance when the request is not logged.</summary>
    public static RequestNotes Of(HttpContext context) =>
        context.Items.TryGetValue(ItemKey, out var value) && value is RequestNotes notes ? notes : new RequestNotes();
}
