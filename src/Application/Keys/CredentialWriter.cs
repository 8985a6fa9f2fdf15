using OpenRouterSaaS.Domain.Audit;
using OpenRouterSaaS.Domain.Secrets;
using Microsoft.EntityFrameworkCore;
using OpenRouterSaaS.Application.Common.Exceptions;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Credentials;

namespace OpenRouterSaaS.Application.Keys;

/// <summary>Stores a key in its slot (tenant, kind, owner): a new row, or the existing row replaced in one update.</summary>
internal static class CredentialWriter
{
    public const string ChangedMeanwhile = "This key was changed at the same moment from another window. Reload the page to see which key is stored.";

    /// <summary>
    /// Encrypts <paramref name="key"/> for its row: a new row, or the slot's row with the new key in place of the old. The
    /// caller saves it (<see cref="SaveAsync"/>); replacing is then one update, so the old key is there until the new one
    /// is: nothing half-written.
    /// </summary>
    public static async Task<OpenRouterCredential> PutAsync(
        IAppDbContext db, ISecretProtector protector, Guid tenantId, CredentialKind kind, Guid? ownerUserId, string key, KeyCheck check, DateOnly? expiresOn,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var mask = OpenRouterKeyFormat.Mask(key);
        var fingerprint = OpenRouterKeyFormat.Fingerprint(key);
        var credential = await FindAsync(db, kind, ownerUserId, cancellationToken);
        if (credential is null)
        {
            var id = Guid.CreateVersion7();
            var encrypted = protector.Protect(key, new SecretBinding(tenantId, ownerUserId, id));
            credential = new OpenRouterCredential(id, tenantId, kind, ownerUserId, encrypted, mask, fingerprint, check, expiresOn, now);
            db.OpenRouterCredentials.Add(credential);
        }
        else
        {
            credential.Replace(protector.Protect(key, credential.Binding), mask, fingerprint, check, expiresOn, now);
        }

        return credential;
    }

    public static Task<OpenRouterCredential?> FindAsync(IAppDbContext db, CredentialKind kind, Guid? ownerUserId, CancellationToken cancellationToken) =>
        db.OpenRouterCredentials.SingleOrDefaultAsync(credential => credential.Kind == kind && credential.OwnerUserId == ownerUserId, cancellationToken);

    /// <summary>
    /// Saves the change with its audit entry (kind, mask and fingerprint; never the key), turning a race with another
    /// request on the same slot into a Conflict.
    /// </summary>
    public static async Task<Result<OpenRouterCredential>> SaveAsync(
        IAppDbContext db, IAuditLog audit, OpenRouterCredential credential, string action, string summary, CancellationToken cancellationToken)
    {
        audit.Record(action, new AuditTarget("openrouter_credential", credential.Id), summary, new Dictionary<string, string?>
        {
            ["kind"] = credential.Kind.ToString(),
            ["mask"] = credential.Mask,
            ["fingerprint"] = credential.Fingerprint,
            ["status"] = credential.Status.ToString(),
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return credential;
        }
        catch (Exception exception) when (exception is DuplicateKeyException or DbUpdateConcurrencyException)
        {
            return Error.Conflict(ChangedMeanwhile);
        }
    }
}
