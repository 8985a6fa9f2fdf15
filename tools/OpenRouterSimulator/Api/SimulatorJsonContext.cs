using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using OpenRouterSimulator.Accounting;
using OpenRouterSimulator.Admin;
using OpenRouterSimulator.Catalogue;
using OpenRouterSimulator.Chat;
using OpenRouterSimulator.Generations;
using OpenRouterSimulator.Keys;

namespace OpenRouterSimulator.Api;

/// <summary>Source-generated JSON for every body the simulator reads or writes: no reflection on the hot path.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ErrorEnvelope))]
[JsonSerializable(typeof(ModelsResponse))]
[JsonSerializable(typeof(ChatRequest))]
[JsonSerializable(typeof(ChatCompletion))]
[JsonSerializable(typeof(ChatCompletionChunk))]
[JsonSerializable(typeof(GenerationResponse))]
[JsonSerializable(typeof(CurrentKeyResponse))]
[JsonSerializable(typeof(KeyListResponse))]
[JsonSerializable(typeof(KeyResponse))]
[JsonSerializable(typeof(CreatedKeyResponse))]
[JsonSerializable(typeof(DeletedResponse))]
[JsonSerializable(typeof(CreditsResponse))]
[JsonSerializable(typeof(ActivityResponse))]
[JsonSerializable(typeof(AdminKeyRequest))]
[JsonSerializable(typeof(AdminKeyResponse))]
[JsonSerializable(typeof(AdminRequestLogResponse))]
[JsonSerializable(typeof(AdminDemoKeysResponse))]
internal sealed partial class SimulatorJsonContext : JsonSerializerContext
{
    /// <summary>The context to write with: the generated defaults, without escaping characters such as <c>&gt;</c> and <c>'</c>.</summary>
    public static SimulatorJsonContext Wire { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
