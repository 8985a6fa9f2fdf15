using Microsoft.Extensions.Logging;
using OpenRouterSaaS.Application.Common.Exceptions;
using OpenRouterSaaS.Application.Common.Interfaces;

namespace OpenRouterSaaS.Application.Secrets.RotateSecrets;

/// <summary>
/// Re-encrypts every stored secret under the active master key, store by store, in batches of locked rows, one
/// transaction per batch. Secrets already under the active key are left alone, so running it again changes nothing
/// and an interrupted run can simply be started again.
/// </summary>
public sealed class SecretRotation(IAppDbContext db, IEnumerable<ISecretStore> stores, ISecretProtector protector, ILogger<SecretRotation> logger)
{
    public const int DefaultBatchSize = 100;

    public async Task<SecretRotationReport> RotateAllAsync(int batchSize = DefaultBatchSize, CancellationToken cancellationToken = default)
    {
        var results = new List<SecretStoreRotation>();
        foreach (var store in stores)
        {
            results.Add(await RotateAsync(store, batchSize, cancellationToken));
        }

        return new SecretRotationReport(results);
    }

    private async Task<SecretStoreRotation> RotateAsync(ISecretStore store, int batchSize, CancellationToken cancellationToken)
    {
        var result = new SecretStoreRotation(store.Name);
        Guid? after = null;
        while (true)
        {
            await using var transaction = await db.BeginTransactionAsync(cancellationToken);
            var batch = await store.LockBatchAsync(after, batchSize, cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }

            foreach (var row in batch)
            {
                result.Rows++;
                foreach (var secret in row.Secrets)
                {
                    await RotateAsync(store, row, secret, result, cancellationToken);
                }
            }

            await transaction.CommitAsync(cancellationToken);
            after = batch[^1].Id;
        }

        logger.LogInformation(
            "Rotated {Store}: {Rows} row(s), {Rotated} secret(s) re-encrypted, {Current} already under the active key, {Unreadable} unreadable",
            result.Store, result.Rows, result.Rotated, result.AlreadyCurrent, result.UnreadableRows.Count);
        return result;
    }

    private async Task RotateAsync(ISecretStore store, SecretRow row, Domain.Secrets.StoredSecret secret, SecretStoreRotation result, CancellationToken cancellationToken)
    {
        try
        {
            if (!protector.NeedsRotation(secret.Stored))
            {
                result.AlreadyCurrent++;
                return;
            }

            var plaintext = protector.Unprotect(secret.Stored, secret.Binding);
            await store.ReplaceAsync(row, secret, protector.Protect(plaintext, secret.Binding), cancellationToken);
            result.Rotated++;
        }
        catch (SecretUnreadableException exception)
        {
            // The message says why (altered, moved, key not configured), never what the secret is.
            logger.LogError("{Store} row {RowId} ({Property}) was left as it is: {Reason}", store.Name, row.Id, secret.Property, exception.Message);
            result.UnreadableRows.Add(row.Id);
        }
    }
}

/// <summary>What one rotation did, store by store.</summary>
public sealed record SecretRotationReport(IReadOnlyList<SecretStoreRotation> Stores)
{
    public int Rotated => Stores.Sum(store => store.Rotated);

    public int Unreadable => Stores.Sum(store => store.UnreadableRows.Count);

    public override string ToString() => Stores.Count == 0
        ? "No secret stores are registered; nothing to rotate."
        : string.Join(Environment.NewLine, Stores.Select(store =>
            $"{store.Store}: {store.Rows} row(s), {store.Rotated} secret(s) re-encrypted, {store.AlreadyCurrent} already under the active key, {store.UnreadableRows.Count} unreadable"));
}

/// <summary>What one rotation did in one store. Unreadable rows keep their old ciphertext and are listed by id.</summary>
public sealed class SecretStoreRotation(string store)
{
    public string Store { get; } = store;

    public int Rows { get; set; }

    public int Rotated { get; set; }

    public int AlreadyCurrent { get; set; }

    public List<Guid> UnreadableRows { get; } = [];
}
