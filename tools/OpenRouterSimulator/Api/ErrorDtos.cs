using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace OpenRouterSimulator.Api;

/// <summary>OpenRouter's error body: <c>{"error":{"code","message","metadata"}}</c>.</summary>
internal sealed record ErrorEnvelope(ErrorDetail Error);

/// <summary>The <c>error</c> object, also carried by a mid-stream error chunk.</summary>
internal sealed record ErrorDetail(
    int Code,
    string Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonObject? Metadata = null);
