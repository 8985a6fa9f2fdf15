using OpenRouterSaaS.Domain.Credentials;

namespace OpenRouterSaaS.UnitTests.Domain;

public sealed class OpenRouterCredentialTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 10, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_personal_key_needs_an_owner_and_a_tenant_key_has_none()
    {
        Assert.Throws<ArgumentException>(() => Create(CredentialKind.Personal, owner: null));
        Assert.Throws<ArgumentException>(() => Create(CredentialKind.Shared, owner: Guid.CreateVersion7()));
        Assert.Throws<ArgumentException>(() => Create(CredentialKind.Management, owner: Guid.CreateVersion7()));
    }

    [Fact]
    public void Replacing_forgets_what_was_known_about_the_old_key()
    {
        var credential = Create(CredentialKind.Shared, null);

        credential.Replace("v1.k.new", "sk-or-v1-…bbbb", "bbbbbbbbbbbb", KeyCheck.NotYetVerified(), null, Now.AddHours(1));

        Assert.Equal(("v1.k.new", "sk-or-v1-…bbbb", KeyStatus.Unverified), (credential.EncryptedKey, credential.Mask, credential.Status));
        Assert.Equal((null, null, null, (DateTimeOffset?)null), (credential.Label, credential.Limit, credential.Usage, credential.CheckedAt));
    }

    [Fact]
    public void A_rejection_keeps_the_last_details_and_records_when()
    {
        var credential = Create(CredentialKind.Shared, null);

        credential.RecordCheck(new KeyCheck(KeyStatus.Rejected, Now.AddDays(1)), Now.AddDays(1));

        Assert.Equal((KeyStatus.Rejected, "label", 5m, Now.AddDays(1)), (credential.Status, credential.Label, credential.Limit, credential.CheckedAt!.Value));
    }

    [Fact]
    public void A_label_longer_than_the_column_is_cut()
    {
        var credential = Create(CredentialKind.Shared, null);

        credential.RecordCheck(KeyCheck.Verified(Now, new string('x', 300), null, null, 0m), Now);

        Assert.Equal(OpenRouterCredential.LabelMaxLength, credential.Label!.Length);
    }

    [Fact]
    public void Rotation_sees_the_one_ciphertext_bound_to_this_row()
    {
        var owner = Guid.CreateVersion7();
        var credential = Create(CredentialKind.Personal, owner);

        var secret = Assert.Single(credential.StoredSecrets);

        Assert.Equal((nameof(OpenRouterCredential.EncryptedKey), "v1.k.old"), (secret.Property, secret.Stored));
        Assert.Equal(new OpenRouterSaaS.Domain.Secrets.SecretBinding(credential.TenantId, owner, credential.Id), secret.Binding);
    }

    private static OpenRouterCredential Create(CredentialKind kind, Guid? owner) =>
        new(Guid.CreateVersion7(), Guid.CreateVersion7(), kind, owner, "v1.k.old", "sk-or-v1-…aaaa", "aaaaaaaaaaaa",
            KeyCheck.Verified(Now, "label", 5m, 4m, 1m), null, Now);
}
