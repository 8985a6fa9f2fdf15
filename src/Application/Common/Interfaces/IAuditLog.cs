namespace OpenRouterSaaS.Application.Common.Interfaces;

/// <summary>
/// Records who changed what in the current tenant. An entry joins the current unit of work, so it is saved by the
/// same <c>SaveChangesAsync</c> as the change it describes, or not at all. Never pass it a secret.
/// </summary>
public interface IAuditLog
{
    /// <param name="action">One of <see cref="Domain.Audit.AuditActions"/>.</param>
    /// <param name="summary">A short sentence for a person, e.g. <c>Revoked the API token "laptop" of ada@example.com</c>.</param>
    /// <param name="details">Further facts, stored as a JSON object; names and ids, never a token or a key.</param>
    void Record(string action, AuditTarget target, string summary, IReadOnlyDictionary<string, string?>? details = null);
}

/// <summary>The thing an audit entry is about.</summary>
public sealed record AuditTarget(string Type, Guid? Id)
{
    public static AuditTarget ApiToken(Guid id) => new("api_token", id);
}
