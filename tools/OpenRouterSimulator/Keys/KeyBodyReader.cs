using System.Globalization;
using System.Text.Json;
using OpenRouterSimulator.Accounting;

namespace OpenRouterSimulator.Keys;

/// <summary>Reads the JSON body of <c>POST /keys</c> and <c>PATCH /keys/{hash}</c>, telling an explicit null from an absent field.</summary>
internal static class KeyBodyReader
{
    public static bool TryReadCreate(JsonElement body, DateTimeOffset now, out KeySettings settings, out string? error)
    {
        settings = new KeySettings("", null, LimitReset.Never);
        if (!TryRead(body, out var fields, out error))
        {
            return false;
        }

        if (string.IsNullOrWhiteSpace(fields.Name))
        {
            error = "name is required";
            return false;
        }

        if (fields.ExpiresAt is { } expiry && expiry <= now)
        {
            error = "expires_at must be in the future";
            return false;
        }

        settings = new KeySettings(fields.Name, fields.Limit, fields.LimitReset ?? LimitReset.Never, fields.IncludeByokInLimit ?? false, fields.ExpiresAt);
        return true;
    }

    public static bool TryReadUpdate(JsonElement body, out KeyUpdate update, out string? error)
    {
        update = new KeyUpdate(null, null, false, null, null, null);
        if (!TryRead(body, out var fields, out error))
        {
            return false;
        }

        if (fields.Name is { } name && string.IsNullOrWhiteSpace(name))
        {
            error = "name must not be empty";
            return false;
        }

        update = new KeyUpdate(fields.Name, fields.Disabled, fields.SetsLimit, fields.Limit, fields.LimitReset, fields.IncludeByokInLimit);
        return true;
    }

    private static bool TryRead(JsonElement body, out Fields fields, out string? error)
    {
        fields = new Fields();
        error = null;
        if (body.ValueKind != JsonValueKind.Object)
        {
            error = "Request body must be a JSON object";
            return false;
        }

        foreach (var property in body.EnumerateObject())
        {
            var value = property.Value;
            switch (property.Name)
            {
                case "name" when value.ValueKind == JsonValueKind.String:
                    fields.Name = value.GetString();
                    break;
                case "disabled" when value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                    fields.Disabled = value.GetBoolean();
                    break;
                case "include_byok_in_limit" when value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                    fields.IncludeByokInLimit = value.GetBoolean();
                    break;
                case "limit" when value.ValueKind == JsonValueKind.Null:
                    fields.SetsLimit = true;
                    fields.Limit = null;
                    break;
                case "limit" when value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var limit) && limit >= 0m:
                    fields.SetsLimit = true;
                    fields.Limit = limit;
                    break;
                case "limit_reset" when value.ValueKind is JsonValueKind.Null or JsonValueKind.String
                    && LimitResets.TryParse(value.GetString(), out var reset):
                    fields.LimitReset = reset;
                    break;
                case "expires_at" when value.ValueKind == JsonValueKind.Null:
                    break;
                case "expires_at" when value.ValueKind == JsonValueKind.String
                    && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var expiry)
                    && expiry.Offset == TimeSpan.Zero:
                    fields.ExpiresAt = expiry;
                    break;
                case "name" or "disabled" or "include_byok_in_limit" or "limit" or "limit_reset" or "expires_at":
                    error = property.Name switch
                    {
                        "limit" => "limit must be a non-negative number or null",
                        "limit_reset" => "limit_reset must be daily, weekly, monthly or null",
                        "expires_at" => "expires_at must be an ISO 8601 UTC timestamp",
                        _ => $"{property.Name} has the wrong type",
                    };
                    return false;
                default:
                    break;
            }
        }

        return true;
    }

    private sealed class Fields
    {
        public string? Name { get; set; }

        public bool? Disabled { get; set; }

        public bool? IncludeByokInLimit { get; set; }

        public bool SetsLimit { get; set; }

        public decimal? Limit { get; set; }

        public LimitReset? LimitReset { get; set; }

        public DateTimeOffset? ExpiresAt { get; set; }
    }
}
