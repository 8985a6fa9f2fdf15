using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Common.Security;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.Application.Members.GetMembers;

/// <summary>The members of the current tenant and its invitations, for the admins' members page.</summary>
[RequireTenantRole(TenantRole.Admin)]
public sealed record GetMembersQuery : IQuery<Result<MembersPage>>;

public sealed record MembersPage(IReadOnlyList<MemberRow> Members, IReadOnlyList<InvitationRow> Invitations, int OwnerCount);

/// <param name="MayUseSharedKey">Whether the shared key may pay for this member's calls.</param>
/// <param name="HasOwnKey">Whether the member saved a key of their own in this tenant.</param>
public sealed record MemberRow(Guid MembershipId, Guid UserId, string Email, string? DisplayName, TenantRole Role, DateTimeOffset JoinedAt, bool MayUseSharedKey, bool HasOwnKey);

public sealed record InvitationRow(Guid Id, string Email, TenantRole Role, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, InvitationStatus Status);

public sealed class GetMembersHandler(IAppDbContext db, TimeProvider clock) : IQueryHandler<GetMembersQuery, Result<MembersPage>>
{
    private const int RecentInvitations = 50;

    public async ValueTask<Result<MembersPage>> Handle(GetMembersQuery query, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var members = await db.Memberships
            .Join(db.Users, membership => membership.UserId, user => user.Id, (membership, user) =>
                new MemberRow(membership.Id, user.Id, user.Email, user.DisplayName, membership.Role, membership.JoinedAt, membership.MayUseSharedKey,
                    db.OpenRouterCredentials.Any(credential => credential.Kind == CredentialKind.Personal && credential.OwnerUserId == membership.UserId)))
            .ToListAsync(cancellationToken);
        var invitations = await db.Invitations
            .OrderByDescending(invitation => invitation.CreatedAt)
            .Take(RecentInvitations)
            .ToListAsync(cancellationToken);

        return new MembersPage(
            members.OrderByDescending(member => member.Role).ThenBy(member => member.Email, StringComparer.OrdinalIgnoreCase).ToList(),
            invitations.Select(invitation => new InvitationRow(invitation.Id, invitation.Email, invitation.Role, invitation.CreatedAt, invitation.ExpiresAt, invitation.StatusAt(now))).ToList(),
            members.Count(member => member.Role == TenantRole.Owner));
    }
}
