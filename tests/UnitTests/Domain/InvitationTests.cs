using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.UnitTests.Domain;

public sealed class InvitationTests
{
    private static readonly DateTimeOffset Sent = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid Invitee = Guid.CreateVersion7();

    private static Invitation Invite(string email = "ada@example.test") =>
        new(Guid.CreateVersion7(), email, TenantRole.Admin, new byte[32], Guid.CreateVersion7(), Sent, Invitation.DefaultLifetime);

    [Fact]
    public void A_new_invitation_is_pending_until_it_expires_after_seven_days()
    {
        var invitation = Invite();

        Assert.Equal(Sent.AddDays(7), invitation.ExpiresAt);
        Assert.Equal(InvitationStatus.Pending, invitation.StatusAt(Sent));
        Assert.Equal(InvitationStatus.Pending, invitation.StatusAt(invitation.ExpiresAt.AddTicks(-1)));
        Assert.Equal(InvitationStatus.Expired, invitation.StatusAt(invitation.ExpiresAt));
    }

    [Fact]
    public void The_email_is_stored_trimmed() => Assert.Equal("ada@example.test", Invite("  ada@example.test ").Email);

    [Fact]
    public void The_invited_person_can_accept_once()
    {
        var invitation = Invite();
        var acceptedAt = Sent.AddHours(1);

        var result = invitation.Accept(Invitee, "ada@example.test", acceptedAt);

        Assert.True(result.IsSuccess);
        Assert.Equal(InvitationStatus.Accepted, invitation.StatusAt(acceptedAt));
        Assert.Equal(acceptedAt, invitation.AcceptedAt);
        Assert.Equal(Invitee, invitation.AcceptedByUserId);
    }

    [Fact]
    public void The_email_is_compared_without_regard_to_case() =>
        Assert.True(Invite("Ada@Example.test").Accept(Invitee, "ada@EXAMPLE.TEST", Sent.AddMinutes(1)).IsSuccess);

    [Fact]
    public void A_used_invitation_cannot_be_accepted_again_and_keeps_its_first_acceptance()
    {
        var invitation = Invite();
        invitation.Accept(Invitee, "ada@example.test", Sent.AddHours(1));

        var second = invitation.Accept(Guid.CreateVersion7(), "ada@example.test", Sent.AddHours(2));

        AssertError(second, ErrorKind.Conflict, "This invitation has already been used.");
        Assert.Equal(Sent.AddHours(1), invitation.AcceptedAt);
        Assert.Equal(Invitee, invitation.AcceptedByUserId);
    }

    [Fact]
    public void An_expired_invitation_cannot_be_accepted()
    {
        var invitation = Invite();

        var result = invitation.Accept(Invitee, "ada@example.test", Sent.AddDays(8));

        AssertError(result, ErrorKind.Conflict, "This invitation has expired. Ask an administrator of the tenant for a new one.");
        Assert.Null(invitation.AcceptedAt);
    }

    [Fact]
    public void A_revoked_invitation_cannot_be_accepted()
    {
        var invitation = Invite();
        Assert.True(invitation.Revoke(Sent.AddHours(1)).IsSuccess);

        var result = invitation.Accept(Invitee, "ada@example.test", Sent.AddHours(2));

        AssertError(result, ErrorKind.Conflict, "This invitation was revoked by an administrator of the tenant.");
        Assert.Equal(InvitationStatus.Revoked, invitation.StatusAt(Sent.AddHours(2)));
        Assert.Null(invitation.AcceptedAt);
    }

    [Fact]
    public void Someone_signed_in_with_another_email_cannot_accept()
    {
        var invitation = Invite();

        var result = invitation.Accept(Invitee, "mallory@example.test", Sent.AddHours(1));

        Assert.False(result.IsSuccess);
        Assert.Equal(ErrorKind.Forbidden, result.Error!.Kind);
        Assert.Contains("sent to another email address", result.Error.Message, StringComparison.Ordinal);
        Assert.Equal(InvitationStatus.Pending, invitation.StatusAt(Sent.AddHours(1)));
    }

    [Fact]
    public void A_pending_invitation_can_be_revoked()
    {
        var invitation = Invite();

        Assert.True(invitation.Revoke(Sent.AddHours(1)).IsSuccess);
        Assert.Equal(Sent.AddHours(1), invitation.RevokedAt);
    }

    [Fact]
    public void A_revoked_invitation_cannot_be_revoked_again()
    {
        var invitation = Invite();
        invitation.Revoke(Sent.AddHours(1));

        var again = invitation.Revoke(Sent.AddHours(2));

        AssertError(again, ErrorKind.Conflict, "Only a pending invitation can be revoked; this one is revoked.");
        Assert.Equal(Sent.AddHours(1), invitation.RevokedAt);
    }

    [Fact]
    public void A_used_invitation_cannot_be_revoked()
    {
        var invitation = Invite();
        invitation.Accept(Invitee, "ada@example.test", Sent.AddHours(1));

        AssertError(invitation.Revoke(Sent.AddHours(2)), ErrorKind.Conflict, "Only a pending invitation can be revoked; this one is accepted.");
        Assert.Null(invitation.RevokedAt);
    }

    [Fact]
    public void An_expired_invitation_cannot_be_revoked()
    {
        var invitation = Invite();

        AssertError(invitation.Revoke(Sent.AddDays(7)), ErrorKind.Conflict, "Only a pending invitation can be revoked; this one is expired.");
        Assert.Null(invitation.RevokedAt);
    }

    private static void AssertError(Result result, ErrorKind kind, string message)
    {
        Assert.False(result.IsSuccess);
        Assert.Equal(kind, result.Error!.Kind);
        Assert.Equal(message, result.Error.Message);
    }
}
