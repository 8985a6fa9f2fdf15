using Microsoft.EntityFrameworkCore;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.Application.Members;

/// <summary>
/// Runs a change to the current tenant's memberships under the tenant's row lock, so the owner count the
/// rules look at cannot change underneath them.
/// </summary>
internal static class MembershipChanges
{
    public static async Task<Result> RunLockedAsync(IAppDbContext db, ITenantContext tenantContext, Func<int, Task<Result>> change, CancellationToken cancellationToken)
    {
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        await db.LockTenantAsync(tenantContext.TenantId!.Value, cancellationToken);
        var ownerCount = await db.Memberships.CountAsync(membership => membership.Role == TenantRole.Owner, cancellationToken);
        var result = await change(ownerCount);
        if (result.IsSuccess)
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        return result;
    }

    /// <summary>Only an owner may make someone an owner, or act on an owner.</summary>
    public static Result CheckOwnerRights(ITenantContext tenantContext, Membership target, TenantRole? newRole)
    {
        var touchesOwner = target.Role == TenantRole.Owner || newRole == TenantRole.Owner;
        return touchesOwner && tenantContext.Role != TenantRole.Owner
            ? Error.Forbidden("Only an owner can grant the Owner role or change an owner's membership.")
            : Result.Success();
    }

    /// <summary>Takes the member out of the tenant, with the key of their own they kept there, in the same save.</summary>
    public static async Task RemoveAsync(IAppDbContext db, Membership member, CancellationToken cancellationToken)
    {
        db.Memberships.Remove(member);
        var ownKey = await db.OpenRouterCredentials.SingleOrDefaultAsync(
            credential => credential.Kind == CredentialKind.Personal && credential.OwnerUserId == member.UserId, cancellationToken);
        if (ownKey is not null)
        {
            db.OpenRouterCredentials.Remove(ownKey);
        }
    }

    public static Error MemberNotFound() => Error.NotFound("That member was not found in this tenant.");
}
