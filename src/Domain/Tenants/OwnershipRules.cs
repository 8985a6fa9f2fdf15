using OpenRouterSaaS.Domain.Common;

namespace OpenRouterSaaS.Domain.Tenants;

/// <summary>A tenant always keeps at least one owner.</summary>
public static class OwnershipRules
{
    public const string LastOwnerMessage =
        "A tenant must keep at least one owner. Make another member an owner first.";

    /// <summary>Whether <paramref name="member"/> may stop being an owner, given how many owners the tenant has.</summary>
    public static Result CanStopBeingOwner(Membership member, int ownerCount) =>
        member.Role == TenantRole.Owner && ownerCount <= 1
            ? Error.Conflict(LastOwnerMessage)
            : Result.Success();
}
