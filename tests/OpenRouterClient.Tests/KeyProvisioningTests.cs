using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.OpenRouter;

namespace OpenRouterClient.Tests;

public sealed class KeyProvisioningTests
{
    [Fact]
    public async Task A_management_key_mints_lists_reads_updates_and_deletes_a_key()
    {
        await using var harness = await ClientHarness.StartAsync();
        var keys = harness.Get<IKeyProvisioning>();
        var manager = harness.ManagementKey;

        var minted = await keys.CreateKeyAsync(manager, new NewKey("alice@acme", 2.5m, KeyLimitReset.Monthly));
        harness.Remember(minted.Secret);
        var hash = minted.Key.Hash;

        Assert.StartsWith("sk-or-v1-", minted.Secret, StringComparison.Ordinal);
        Assert.DoesNotContain(minted.Secret, minted.ToString(), StringComparison.Ordinal);
        Assert.Equal(("alice@acme", 2.5m, KeyLimitReset.Monthly, false), (minted.Key.Name, minted.Key.Limit, minted.Key.LimitReset, minted.Key.Disabled));
        Assert.NotNull(minted.Key.CreatedAt);

        // The minted key works on its own.
        var details = await harness.Get<IKeyDetailsSource>().GetKeyDetailsAsync(minted.Secret);
        Assert.Equal(2.5m, details.Limit);

        Assert.Contains(await keys.ListKeysAsync(manager), k => k.Hash == hash);
        Assert.Equal(minted.Key, await keys.GetKeyAsync(manager, hash));

        var renamed = await keys.UpdateKeyAsync(manager, hash, new KeyChanges(Name: "alice (old)", Disabled: true, Limit: new KeyLimitChange(null)));
        Assert.Equal(("alice (old)", true, (decimal?)null), (renamed.Name, renamed.Disabled, renamed.Limit));
        Assert.DoesNotContain(await keys.ListKeysAsync(manager), k => k.Hash == hash);
        Assert.Contains(await keys.ListKeysAsync(manager, includeDisabled: true), k => k.Hash == hash);

        var limited = await keys.UpdateKeyAsync(manager, hash, new KeyChanges(Disabled: false, Limit: new KeyLimitChange(7m), LimitReset: KeyLimitReset.Weekly));
        Assert.Equal((false, 7m, KeyLimitReset.Weekly, "alice (old)"), (limited.Disabled, limited.Limit, limited.LimitReset, limited.Name));

        await keys.DeleteKeyAsync(manager, hash);

        var gone = await Assert.ThrowsAsync<OpenRouterException>(() => keys.GetKeyAsync(manager, hash));
        Assert.Equal(OpenRouterFailureKind.NotFound, gone.Kind);
        var revoked = await Assert.ThrowsAsync<OpenRouterException>(() => harness.Get<IKeyDetailsSource>().GetKeyDetailsAsync(minted.Secret));
        Assert.Equal(OpenRouterFailureKind.InvalidKey, revoked.Kind);
    }

    [Fact]
    public async Task Key_management_refuses_a_normal_key_and_bad_input()
    {
        await using var harness = await ClientHarness.StartAsync();
        var keys = harness.Get<IKeyProvisioning>();

        var forbidden = await Assert.ThrowsAsync<OpenRouterException>(() => keys.ListKeysAsync(harness.UserKey));
        Assert.Equal(OpenRouterFailureKind.Forbidden, forbidden.Kind);

        var noName = await Assert.ThrowsAsync<OpenRouterException>(() => keys.CreateKeyAsync(harness.ManagementKey, new NewKey(" ")));
        Assert.Equal((OpenRouterFailureKind.BadRequest, "name is required"), (noName.Kind, noName.OpenRouterMessage));

        var past = await Assert.ThrowsAsync<OpenRouterException>(() =>
            keys.CreateKeyAsync(harness.ManagementKey, new NewKey("late", ExpiresAt: DateTimeOffset.UtcNow.AddDays(-1))));
        Assert.Equal(OpenRouterFailureKind.BadRequest, past.Kind);

        Assert.DoesNotContain(await keys.ListKeysAsync(harness.ManagementKey, includeDisabled: true), k => k.Name is "late" or " ");
    }
}
