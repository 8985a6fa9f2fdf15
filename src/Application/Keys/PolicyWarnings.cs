using OpenRouterSaaS.Domain.Credentials;

namespace OpenRouterSaaS.Application.Keys;

/// <summary>What an admin is told when a change leaves members without a key they may use.</summary>
internal static class PolicyWarnings
{
    public static string? WithoutSharedKey(KeyPolicy policy) => policy switch
    {
        KeyPolicy.SharedOnly => "The key policy is \"shared key only\", so no one in this tenant can make calls until you set a new shared key.",
        KeyPolicy.PersonalFirst => "Members without a key of their own cannot make calls until you set a new shared key.",
        _ => null,
    };

    public static string? MembersWithoutOwnKey(int count, int members) =>
        count == 0 ? null
        : $"{count} of {members} members have not saved a key of their own here, so their calls are refused until they do.";

    public static string? NoFallback(int membersWithoutOwnKey) =>
        membersWithoutOwnKey == 0 ? null
        : $"There is no shared key yet, so the {membersWithoutOwnKey} members without a key of their own cannot make calls until you set one.";

    public static string? MembersDenied(int denied) =>
        denied == 0 ? null
        : $"{denied} members may not use the shared key, so their calls are refused; allow them on the members page.";
}
