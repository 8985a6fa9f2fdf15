using OpenRouterSaaS.Application.Keys.ChooseKey;
using OpenRouterSaaS.Application.Keys.RemoveTenantKey;
using OpenRouterSaaS.Application.Keys.SavePersonalKey;
using OpenRouterSaaS.Application.Keys.SaveTenantKey;
using OpenRouterSaaS.Application.Keys.SetKeyPolicy;
using OpenRouterSaaS.Domain.Credentials;

namespace OpenRouterSaaS.UnitTests.Application.Keys;

public sealed class KeyCommandTests
{
    private const string Key = "sk-or-v1-0123456789abcdef0123456789abcdef0123456789abcdef0123456789ab1c96";
    private static readonly DateTimeOffset Now = new(2025, 6, 10, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Commands_that_carry_a_key_never_print_it()
    {
        Assert.DoesNotContain(Key, new SavePersonalKeyCommand(Key, null).ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Key, new SaveTenantKeyCommand(CredentialKind.Shared, Key).ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Key, new ChosenKey(CredentialKind.Personal, Guid.CreateVersion7(), "sk-or-v1-…1c96", "abc", Key).ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(0, false)]
    [InlineData(-1, false)]
    public void An_expiry_must_be_after_today_in_UTC(int days, bool valid)
    {
        var validator = new SavePersonalKeyValidator(new FixedClock(Now));

        var result = validator.Validate(new SavePersonalKeyCommand(Key, DateOnly.FromDateTime(Now.UtcDateTime).AddDays(days)));

        Assert.Equal(valid, result.IsValid);
        Assert.True(validator.Validate(new SavePersonalKeyCommand(Key, null)).IsValid);
    }

    [Fact]
    public void A_bad_key_is_reported_on_the_key_field_without_its_value()
    {
        var result = new SavePersonalKeyValidator(new FixedClock(Now)).Validate(new SavePersonalKeyCommand("sk-or-v1-abc def", null));

        var failure = Assert.Single(result.Errors);
        Assert.Equal(nameof(SavePersonalKeyCommand.Key), failure.PropertyName);
        Assert.DoesNotContain("abc def", failure.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void The_tenant_key_commands_only_take_the_shared_or_management_key()
    {
        Assert.False(new SaveTenantKeyValidator().Validate(new SaveTenantKeyCommand(CredentialKind.Personal, Key)).IsValid);
        Assert.True(new SaveTenantKeyValidator().Validate(new SaveTenantKeyCommand(CredentialKind.Management, Key)).IsValid);
        Assert.False(new RemoveTenantKeyValidator().Validate(new RemoveTenantKeyCommand(CredentialKind.Personal)).IsValid);
    }

    [Fact]
    public void A_policy_must_be_one_of_the_three()
    {
        Assert.False(new SetKeyPolicyValidator().Validate(new SetKeyPolicyCommand((KeyPolicy)7)).IsValid);
        Assert.True(new SetKeyPolicyValidator().Validate(new SetKeyPolicyCommand(KeyPolicy.SharedOnly)).IsValid);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
