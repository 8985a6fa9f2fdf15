using OpenRouterSaaS.Domain.Common;

namespace OpenRouterSaaS.Domain.Secrets;

/// <summary>
/// A tenant-owned entity that stores encrypted secrets (OpenRouter keys). Implementing it is all an entity needs
/// for the rotate-secrets command to re-encrypt its secrets under the active master key.
/// </summary>
public interface IHoldsSecrets : ITenantOwned
{
    Guid Id { get; }

    /// <summary>The secrets this row stores now, each in its stored (encrypted) form; an absent optional secret is left out.</summary>
    IEnumerable<StoredSecret> StoredSecrets { get; }
}

/// <summary>
/// One encrypted secret of a row: the entity property that holds it (a string mapped to a column), its stored form
/// <c>v1.&lt;masterKeyId&gt;.&lt;data&gt;</c>, and the binding it was encrypted with.
/// </summary>
public sealed record StoredSecret(string Property, string Stored, SecretBinding Binding)
{
    // The stored form is ciphertext, but it still has no business in a log line.
    public override string ToString() => $"StoredSecret {{ Property = {Property}, Binding = {Binding} }}";
}
