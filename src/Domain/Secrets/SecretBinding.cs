namespace OpenRouterSaaS.Domain.Secrets;

/// <summary>The row a secret belongs to: its tenant, its owner (none for the tenant's shared key) and its own id.</summary>
public sealed record SecretBinding(Guid TenantId, Guid? OwnerUserId, Guid CredentialId)
{
    public string ToAssociatedData() => $"{TenantId:N}|{(OwnerUserId is { } owner ? owner.ToString("N") : "shared")}|{CredentialId:N}";
}
