namespace OpenRouterSaaS.Infrastructure.Secrets;

/// <summary>
/// Master keys from configuration: <c>Secrets:MasterKeys:&lt;id&gt;</c> = base64 of 32 bytes, and
/// <c>Secrets:ActiveKeyId</c> naming the one new secrets are encrypted with. Never from the database.
/// </summary>
public sealed class SecretsOptions
{
    public const string Section = "Secrets";

    public string? ActiveKeyId { get; set; }

    public Dictionary<string, string> MasterKeys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Decodes and checks every master key; returns the problems, each naming the setting to fix and never the key.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(ActiveKeyId))
        {
            problems.Add("Secrets:ActiveKeyId is not set (environment variable Secrets__ActiveKeyId).");
        }
        else if (!MasterKeys.ContainsKey(ActiveKeyId))
        {
            problems.Add($"Secrets:MasterKeys:{ActiveKeyId} is not set, but Secrets:ActiveKeyId names it.");
        }

        foreach (var (id, value) in MasterKeys)
        {
            if (!SecretProtector.IsValidKeyId(id))
            {
                problems.Add($"Secrets:MasterKeys:{id}: a master key id uses only letters, digits, '-' and '_'.");
            }

            if (Decode(value) is null)
            {
                problems.Add($"Secrets:MasterKeys:{id} must be the base64 of exactly 32 random bytes (openssl rand -base64 32).");
            }
        }

        return problems;
    }

    internal static byte[]? Decode(string? value)
    {
        var buffer = new byte[33];
        return Convert.TryFromBase64String(value?.Trim() ?? "", buffer, out var written) && written == 32 ? buffer[..32] : null;
    }
}
