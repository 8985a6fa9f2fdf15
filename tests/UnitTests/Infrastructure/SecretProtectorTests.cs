using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using OpenRouterSaaS.Application.Common.Exceptions;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Domain.Secrets;
using OpenRouterSaaS.Infrastructure.Secrets;

namespace OpenRouterSaaS.UnitTests.Infrastructure;

public sealed class SecretProtectorTests
{
    private const string Secret = "sk-or-v1-0000000000000000000000000000000000000000000000000000000000000001";
    private static readonly string OldKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private static readonly string NewKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private static readonly SecretBinding Row = new(Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());

    [Fact]
    public void Round_trips_and_never_stores_the_plaintext()
    {
        var protector = Protector("k1", ("k1", OldKey));

        var stored = protector.Protect(Secret, Row);

        Assert.StartsWith("v1.k1.", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-or", stored, StringComparison.Ordinal);
        Assert.Equal(Secret, protector.Unprotect(stored, Row));
    }

    [Fact]
    public void Each_encryption_uses_a_fresh_nonce()
    {
        var protector = Protector("k1", ("k1", OldKey));

        Assert.NotEqual(protector.Protect(Secret, Row), protector.Protect(Secret, Row));
    }

    [Fact]
    public void A_tampered_ciphertext_does_not_decrypt()
    {
        var protector = Protector("k1", ("k1", OldKey));
        var stored = protector.Protect(Secret, Row);
        var data = Convert.FromBase64String(stored.Split('.')[2]);
        data[^1] ^= 0x01;

        var tampered = $"v1.k1.{Convert.ToBase64String(data)}";

        var error = Assert.Throws<SecretUnreadableException>(() => protector.Unprotect(tampered, Row));
        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tenant")]
    [InlineData("owner")]
    [InlineData("credential")]
    [InlineData("shared")]
    public void A_ciphertext_copied_to_another_row_does_not_decrypt(string changed)
    {
        var protector = Protector("k1", ("k1", OldKey));
        var stored = protector.Protect(Secret, Row);
        var otherRow = changed switch
        {
            "tenant" => Row with { TenantId = Guid.CreateVersion7() },
            "owner" => Row with { OwnerUserId = Guid.CreateVersion7() },
            "credential" => Row with { CredentialId = Guid.CreateVersion7() },
            _ => Row with { OwnerUserId = null },
        };

        Assert.Throws<SecretUnreadableException>(() => protector.Unprotect(stored, otherRow));
    }

    [Fact]
    public void An_old_master_key_still_decrypts_until_rotation_and_is_flagged_for_it()
    {
        var stored = Protector("old", ("old", OldKey)).Protect(Secret, Row);
        var afterKeyChange = Protector("new", ("old", OldKey), ("new", NewKey));

        Assert.Equal(Secret, afterKeyChange.Unprotect(stored, Row));
        Assert.True(afterKeyChange.NeedsRotation(stored));

        var rotated = afterKeyChange.Protect(afterKeyChange.Unprotect(stored, Row), Row);
        Assert.False(afterKeyChange.NeedsRotation(rotated));
        Assert.StartsWith("v1.new.", rotated, StringComparison.Ordinal);
    }

    [Fact]
    public void A_secret_whose_master_key_was_removed_gives_a_clear_error()
    {
        var stored = Protector("old", ("old", OldKey)).Protect(Secret, Row);

        var error = Assert.Throws<SecretUnreadableException>(() => Protector("new", ("new", NewKey)).Unprotect(stored, Row));

        Assert.Contains("\"old\"", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("plaintext")]
    [InlineData("v2.k1.AAAA")]
    [InlineData("v1.k1.not base64!")]
    [InlineData("v1.k1.AAAA")]
    public void Malformed_stored_values_give_a_clear_error(string stored) =>
        Assert.Throws<SecretUnreadableException>(() => Protector("k1", ("k1", OldKey)).Unprotect(stored, Row));

    [Theory]
    [InlineData(null, "Secrets:ActiveKeyId is not set")]
    [InlineData("missing", "Secrets:MasterKeys:missing is not set")]
    public void A_missing_active_key_stops_with_a_clear_message(string? activeKeyId, string expected)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Protector(activeKeyId, ("k1", OldKey)));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not-base64!")]
    [InlineData("c2hvcnQ=")]
    public void A_malformed_master_key_stops_with_a_clear_message_that_hides_it(string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Protector("k1", ("k1", value)));

        Assert.Contains("exactly 32 random bytes", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(value, error.Message, StringComparison.Ordinal);
    }

    private static SecretProtector Protector(string? activeKeyId, params (string Id, string Key)[] keys) =>
        new(Options.Create(new SecretsOptions
        {
            ActiveKeyId = activeKeyId,
            MasterKeys = keys.ToDictionary(key => key.Id, key => key.Key, StringComparer.Ordinal),
        }));
}
