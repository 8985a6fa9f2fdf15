using OpenRouterSimulator.RequestLogging;

namespace OpenRouterSimulator.Admin;

/// <summary>Body of <c>POST /_sim/keys</c>.</summary>
internal sealed record AdminKeyRequest(
    string? Label,
    decimal? Limit,
    string? LimitReset,
    bool? Management,
    decimal? Credits,
    string? Account,
    string? Key);

internal sealed record AdminKeyResponse(
    string Key,
    string Hash,
    string Label,
    string Name,
    string Account,
    bool Management,
    decimal? Limit,
    string? LimitReset);

internal sealed record AdminRequestLogResponse(long Total, IReadOnlyList<RequestLogEntry> Entries);

internal sealed record AdminDemoKeysResponse(string UserKey, string ManagementKey, string Account, string Seed);
