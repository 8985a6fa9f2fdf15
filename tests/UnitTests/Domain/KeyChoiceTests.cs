using OpenRouterSaaS.Domain.Credentials;

namespace OpenRouterSaaS.UnitTests.Domain;

/// <summary>Every combination of key policy, the member's own key, the shared key and the member's switch, and what pays.</summary>
public sealed class KeyChoiceTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 10, 12, 0, 0, TimeSpan.Zero);

    public enum Personal
    {
        None,
        Valid,
        Expired,
        Rejected,
    }

    public enum Shared
    {
        None,
        Valid,
        Rejected,
    }

    /// <summary>policy, the member's own key, the shared key, may the member use the shared key, and the outcome.</summary>
    public static TheoryData<KeyPolicy, Personal, Shared, bool, string> EveryCombination => new()
    {
        // PersonalFirst
        { KeyPolicy.PersonalFirst, Personal.None, Shared.None, true, "refused: NoPersonalKey, NoSharedKey" },
        { KeyPolicy.PersonalFirst, Personal.None, Shared.None, false, "refused: NoPersonalKey, SharedKeyNotAllowed" },
        { KeyPolicy.PersonalFirst, Personal.None, Shared.Valid, true, "shared" },
        { KeyPolicy.PersonalFirst, Personal.None, Shared.Valid, false, "refused: NoPersonalKey, SharedKeyNotAllowed" },
        { KeyPolicy.PersonalFirst, Personal.None, Shared.Rejected, true, "refused: NoPersonalKey, SharedKeyRejected" },
        { KeyPolicy.PersonalFirst, Personal.None, Shared.Rejected, false, "refused: NoPersonalKey, SharedKeyNotAllowed" },
        { KeyPolicy.PersonalFirst, Personal.Valid, Shared.None, true, "personal" },
        { KeyPolicy.PersonalFirst, Personal.Valid, Shared.None, false, "personal" },
        { KeyPolicy.PersonalFirst, Personal.Valid, Shared.Valid, true, "personal" },
        { KeyPolicy.PersonalFirst, Personal.Valid, Shared.Valid, false, "personal" },
        { KeyPolicy.PersonalFirst, Personal.Valid, Shared.Rejected, true, "personal" },
        { KeyPolicy.PersonalFirst, Personal.Valid, Shared.Rejected, false, "personal" },
        { KeyPolicy.PersonalFirst, Personal.Expired, Shared.None, true, "refused: PersonalKeyExpired, NoSharedKey" },
        { KeyPolicy.PersonalFirst, Personal.Expired, Shared.None, false, "refused: PersonalKeyExpired, SharedKeyNotAllowed" },
        { KeyPolicy.PersonalFirst, Personal.Expired, Shared.Valid, true, "shared" },
        { KeyPolicy.PersonalFirst, Personal.Expired, Shared.Valid, false, "refused: PersonalKeyExpired, SharedKeyNotAllowed" },
        { KeyPolicy.PersonalFirst, Personal.Expired, Shared.Rejected, true, "refused: PersonalKeyExpired, SharedKeyRejected" },
        { KeyPolicy.PersonalFirst, Personal.Expired, Shared.Rejected, false, "refused: PersonalKeyExpired, SharedKeyNotAllowed" },
        { KeyPolicy.PersonalFirst, Personal.Rejected, Shared.None, true, "refused: PersonalKeyRejected, NoSharedKey" },
        { KeyPolicy.PersonalFirst, Personal.Rejected, Shared.None, false, "refused: PersonalKeyRejected, SharedKeyNotAllowed" },
        { KeyPolicy.PersonalFirst, Personal.Rejected, Shared.Valid, true, "shared" },
        { KeyPolicy.PersonalFirst, Personal.Rejected, Shared.Valid, false, "refused: PersonalKeyRejected, SharedKeyNotAllowed" },
        { KeyPolicy.PersonalFirst, Personal.Rejected, Shared.Rejected, true, "refused: PersonalKeyRejected, SharedKeyRejected" },
        { KeyPolicy.PersonalFirst, Personal.Rejected, Shared.Rejected, false, "refused: PersonalKeyRejected, SharedKeyNotAllowed" },
        // PersonalOnly
        { KeyPolicy.PersonalOnly, Personal.None, Shared.None, true, "refused: NoPersonalKey" },
        { KeyPolicy.PersonalOnly, Personal.None, Shared.None, false, "refused: NoPersonalKey" },
        { KeyPolicy.PersonalOnly, Personal.None, Shared.Valid, true, "refused: NoPersonalKey" },
        { KeyPolicy.PersonalOnly, Personal.None, Shared.Valid, false, "refused: NoPersonalKey" },
        { KeyPolicy.PersonalOnly, Personal.None, Shared.Rejected, true, "refused: NoPersonalKey" },
        { KeyPolicy.PersonalOnly, Personal.None, Shared.Rejected, false, "refused: NoPersonalKey" },
        { KeyPolicy.PersonalOnly, Personal.Valid, Shared.None, true, "personal" },
        { KeyPolicy.PersonalOnly, Personal.Valid, Shared.None, false, "personal" },
        { KeyPolicy.PersonalOnly, Personal.Valid, Shared.Valid, true, "personal" },
        { KeyPolicy.PersonalOnly, Personal.Valid, Shared.Valid, false, "personal" },
        { KeyPolicy.PersonalOnly, Personal.Valid, Shared.Rejected, true, "personal" },
        { KeyPolicy.PersonalOnly, Personal.Valid, Shared.Rejected, false, "personal" },
        { KeyPolicy.PersonalOnly, Personal.Expired, Shared.None, true, "refused: PersonalKeyExpired" },
        { KeyPolicy.PersonalOnly, Personal.Expired, Shared.None, false, "refused: PersonalKeyExpired" },
        { KeyPolicy.PersonalOnly, Personal.Expired, Shared.Valid, true, "refused: PersonalKeyExpired" },
        { KeyPolicy.PersonalOnly, Personal.Expired, Shared.Valid, false, "refused: PersonalKeyExpired" },
        { KeyPolicy.PersonalOnly, Personal.Expired, Shared.Rejected, true, "refused: PersonalKeyExpired" },
        { KeyPolicy.PersonalOnly, Personal.Expired, Shared.Rejected, false, "refused: PersonalKeyExpired" },
        { KeyPolicy.PersonalOnly, Personal.Rejected, Shared.None, true, "refused: PersonalKeyRejected" },
        { KeyPolicy.PersonalOnly, Personal.Rejected, Shared.None, false, "refused: PersonalKeyRejected" },
        { KeyPolicy.PersonalOnly, Personal.Rejected, Shared.Valid, true, "refused: PersonalKeyRejected" },
        { KeyPolicy.PersonalOnly, Personal.Rejected, Shared.Valid, false, "refused: PersonalKeyRejected" },
        { KeyPolicy.PersonalOnly, Personal.Rejected, Shared.Rejected, true, "refused: PersonalKeyRejected" },
        { KeyPolicy.PersonalOnly, Personal.Rejected, Shared.Rejected, false, "refused: PersonalKeyRejected" },
        // SharedOnly
        { KeyPolicy.SharedOnly, Personal.None, Shared.None, true, "refused: NoSharedKey" },
        { KeyPolicy.SharedOnly, Personal.None, Shared.None, false, "refused: SharedKeyNotAllowed" },
        { KeyPolicy.SharedOnly, Personal.None, Shared.Valid, true, "shared" },
        { KeyPolicy.SharedOnly, Personal.None, Shared.Valid, false, "refused: SharedKeyNotAllowed" },
        { KeyPolicy.SharedOnly, Personal.None, Shared.Rejected, true, "refused: SharedKeyRejected" },
        { KeyPolicy.SharedOnly, Personal.None, Shared.Rejected, false, "refused: SharedKeyNotAllowed" },
        { KeyPolicy.SharedOnly, Personal.Valid, Shared.None, true, "refused: NoSharedKey" },
        { KeyPolicy.SharedOnly, Personal.Valid, Shared.None, false, "refused: SharedKeyNotAllowed" },
        { KeyPolicy.SharedOnly, Personal.Valid, Shared.Valid, true, "shared" },
        { KeyPolicy.SharedOnly, Personal.Valid, Shared.Valid, false, "refused: SharedKeyNotAllowed" },
        { KeyPolicy.SharedOnly, Personal.Valid, Shared.Rejected, true, "refused: SharedKeyRejected" },
        { KeyPolicy.SharedOnly, Personal.Valid, Shared.Rejected, false, "refused: SharedKeyNotAllowed" },
        { KeyPolicy.SharedOnly, Personal.Expired, Shared.None, true, "refused: NoSharedKey" },
        { KeyPolicy.SharedOnly, Personal.Expired, Shared.None, false, "refused: SharedKeyNotAllowed" },
        { KeyPolicy.SharedOnly, Personal.Expired, Shared.Valid, true, "shared" },
        { KeyPolicy.SharedOnly, Personal.Expired, Shared.Valid, false, "refused: SharedKeyNotAllowed" },
        { KeyPolicy.SharedOnly, Personal.Expired, Shared.Rejected, true, "refused: SharedKeyRejected" },
        { KeyPolicy.SharedOnly, Personal.Expired, Shared.Rejected, false, "refused: SharedKeyNotAllowed" },
        { KeyPolicy.SharedOnly, Personal.Rejected, Shared.None, true, "refused: NoSharedKey" },
        { KeyPolicy.SharedOnly, Personal.Rejected, Shared.None, false, "refused: SharedKeyNotAllowed" },
        { KeyPolicy.SharedOnly, Personal.Rejected, Shared.Valid, true, "shared" },
        { KeyPolicy.SharedOnly, Personal.Rejected, Shared.Valid, false, "refused: SharedKeyNotAllowed" },
        { KeyPolicy.SharedOnly, Personal.Rejected, Shared.Rejected, true, "refused: SharedKeyRejected" },
        { KeyPolicy.SharedOnly, Personal.Rejected, Shared.Rejected, false, "refused: SharedKeyNotAllowed" },
    };

    [Theory]
    [MemberData(nameof(EveryCombination))]
    public void Decides_which_key_pays_or_names_every_rule_that_stood_in_the_way(KeyPolicy policy, Personal personal, Shared shared, bool mayUseShared, string expected)
    {
        var decision = KeyChoice.Decide(policy, PersonalKey(personal), SharedKey(shared), mayUseShared, Now, "acme");

        Assert.Equal(expected, Outcome(decision));
        Assert.False(string.IsNullOrWhiteSpace(decision.Explanation));
    }

    [Fact]
    public void The_table_covers_every_combination_once()
    {
        var combinations = EveryCombination.Select(row => string.Join("/", row.Take(4))).ToList();

        Assert.Equal(3 * 4 * 3 * 2, combinations.Distinct().Count());
        Assert.Equal(combinations.Count, combinations.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(EveryCombination))]
    public void A_key_saved_not_yet_verified_is_used_exactly_like_a_verified_one(KeyPolicy policy, Personal personal, Shared shared, bool mayUseShared, string expected)
    {
        var unverifiedPersonal = personal == Personal.Valid ? PersonalKey(personal)! with { Status = KeyStatus.Unverified, CheckedAt = null } : PersonalKey(personal);
        var unverifiedShared = shared == Shared.Valid ? SharedKey(shared)! with { Status = KeyStatus.Unverified, CheckedAt = null } : SharedKey(shared);

        var decision = KeyChoice.Decide(policy, unverifiedPersonal, unverifiedShared, mayUseShared, Now, "acme");

        Assert.Equal(expected, Outcome(decision));
    }

    [Fact]
    public void A_key_is_usable_until_the_day_it_expires_and_not_on_that_day()
    {
        var key = PersonalKey(Personal.Valid)! with { ExpiresOn = new DateOnly(2025, 6, 11) };

        var dayBefore = KeyChoice.Decide(KeyPolicy.PersonalOnly, key, null, true, new DateTimeOffset(2025, 6, 10, 23, 59, 59, TimeSpan.Zero), "acme");
        var thatDay = KeyChoice.Decide(KeyPolicy.PersonalOnly, key, null, true, new DateTimeOffset(2025, 6, 11, 0, 0, 0, TimeSpan.Zero), "acme");

        Assert.True(dayBefore.IsAvailable);
        Assert.Equal([KeyRefusal.PersonalKeyExpired], thatDay.Refusals);
    }

    [Fact]
    public void An_expired_shared_key_is_not_used_either()
    {
        var shared = SharedKey(Shared.Valid)! with { ExpiresOn = new DateOnly(2025, 6, 1) };

        var decision = KeyChoice.Decide(KeyPolicy.SharedOnly, null, shared, true, Now, "acme");

        Assert.Equal([KeyRefusal.SharedKeyExpired], decision.Refusals);
        Assert.Equal("This tenant only uses its shared key, and the shared key expired on 1 June 2025; ask an admin to replace it.", decision.Explanation);
    }

    [Theory]
    [InlineData(KeyPolicy.PersonalOnly, Personal.None, Shared.Valid, true, "This tenant only allows personal keys, and you have not saved your own key at /t/acme/keys.")]
    [InlineData(KeyPolicy.PersonalOnly, Personal.Expired, Shared.Valid, true, "This tenant only allows personal keys, and your key expired on 1 June 2025: save a new one at /t/acme/keys.")]
    [InlineData(KeyPolicy.PersonalOnly, Personal.Rejected, Shared.None, true, "This tenant only allows personal keys, and OpenRouter rejected your key when it was last checked (2025-06-09 08:30 UTC): save a new one at /t/acme/keys.")]
    [InlineData(KeyPolicy.SharedOnly, Personal.Valid, Shared.None, true, "This tenant only uses its shared key, and the shared key is not set; ask an admin to set it.")]
    [InlineData(KeyPolicy.SharedOnly, Personal.Valid, Shared.Valid, false, "This tenant only uses its shared key, and you may not use the shared key in this tenant; ask an admin.")]
    [InlineData(KeyPolicy.SharedOnly, Personal.None, Shared.Rejected, true, "This tenant only uses its shared key, and OpenRouter rejected the shared key when it was last checked (2025-06-09 08:30 UTC); ask an admin to replace it.")]
    [InlineData(KeyPolicy.PersonalFirst, Personal.None, Shared.Valid, false, "You have not saved your own key at /t/acme/keys, and you may not use the shared key in this tenant; ask an admin.")]
    [InlineData(KeyPolicy.PersonalFirst, Personal.Expired, Shared.None, true, "Your key expired on 1 June 2025: save a new one at /t/acme/keys, and the shared key is not set; ask an admin to set it.")]
    [InlineData(KeyPolicy.PersonalFirst, Personal.Valid, Shared.Valid, true, "Your own key (sk-or-v1-…aaaa) pays for your calls in this tenant.")]
    [InlineData(KeyPolicy.PersonalFirst, Personal.Expired, Shared.Valid, true, "The tenant's shared key (sk-or-v1-…bbbb) pays for your calls, because your key expired on 1 June 2025: save a new one at /t/acme/keys.")]
    [InlineData(KeyPolicy.SharedOnly, Personal.Valid, Shared.Valid, true, "The tenant's shared key (sk-or-v1-…bbbb) pays for your calls in this tenant.")]
    public void The_explanation_names_the_rule_and_what_to_do(KeyPolicy policy, Personal personal, Shared shared, bool mayUseShared, string expected) =>
        Assert.Equal(expected, KeyChoice.Decide(policy, PersonalKey(personal), SharedKey(shared), mayUseShared, Now, "acme").Explanation);

    [Fact]
    public void The_policy_is_described_to_members_in_words()
    {
        Assert.Equal("This tenant uses your own key first, then the shared key.", KeyPolicy.PersonalFirst.Describe());
        Assert.Equal("This tenant uses only your own key: without one, your calls are refused.", KeyPolicy.PersonalOnly.Describe());
        Assert.Equal("This tenant uses only its shared key: your own key is not used here.", KeyPolicy.SharedOnly.Describe());
    }

    private static string Outcome(KeyDecision decision) => decision.Key switch
    {
        { Kind: CredentialKind.Personal } => "personal",
        { Kind: CredentialKind.Shared } => "shared",
        null => "refused: " + string.Join(", ", decision.Refusals),
        var other => throw new InvalidOperationException($"A {other.Kind} key was chosen."),
    };

    private static readonly DateTimeOffset LastChecked = new(2025, 6, 9, 8, 30, 0, TimeSpan.Zero);

    private static KeyCandidate? PersonalKey(Personal state) => state switch
    {
        Personal.None => null,
        Personal.Valid => new(Guid.CreateVersion7(), CredentialKind.Personal, "sk-or-v1-…aaaa", KeyStatus.Verified, null, LastChecked),
        Personal.Expired => new(Guid.CreateVersion7(), CredentialKind.Personal, "sk-or-v1-…aaaa", KeyStatus.Verified, new DateOnly(2025, 6, 1), LastChecked),
        _ => new(Guid.CreateVersion7(), CredentialKind.Personal, "sk-or-v1-…aaaa", KeyStatus.Rejected, null, LastChecked),
    };

    private static KeyCandidate? SharedKey(Shared state) => state switch
    {
        Shared.None => null,
        Shared.Valid => new(Guid.CreateVersion7(), CredentialKind.Shared, "sk-or-v1-…bbbb", KeyStatus.Verified, null, LastChecked),
        _ => new(Guid.CreateVersion7(), CredentialKind.Shared, "sk-or-v1-…bbbb", KeyStatus.Rejected, null, LastChecked),
    };
}
