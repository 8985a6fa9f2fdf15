using OpenRouterSaaS.Domain.Secrets;

namespace OpenRouterSaaS.Application.Common.Interfaces;

/// <summary>
/// A place where encrypted secrets are stored (a table of <see cref="IHoldsSecrets"/> entities), walked by the
/// rotate-secrets command. Infrastructure provides one for every entity that implements <see cref="IHoldsSecrets"/>.
/// </summary>
public interface ISecretStore
{
    /// <summary>What it holds, for the rotation's report (e.g. the table's name).</summary>
    string Name { get; }

    /// <summary>
    /// Locks (until the current transaction ends) and returns up to <paramref name="size"/> rows whose id comes
    /// after <paramref name="after"/>, in id order, across all tenants.
    /// </summary>
    Task<IReadOnlyList<SecretRow>> LockBatchAsync(Guid? after, int size, CancellationToken cancellationToken = default);

    /// <summary>Replaces one secret's stored form in a locked row; the plaintext behind it is unchanged.</summary>
    Task ReplaceAsync(SecretRow row, StoredSecret secret, string newStored, CancellationToken cancellationToken = default);
}

/// <summary>One row's encrypted secrets.</summary>
public sealed record SecretRow(Guid Id, Guid TenantId, IReadOnlyList<StoredSecret> Secrets);
