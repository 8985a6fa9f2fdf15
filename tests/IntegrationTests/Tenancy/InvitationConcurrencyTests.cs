using Microsoft.EntityFrameworkCore;
using OpenRouterSaaS.Application.Invitations.AcceptInvitation;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Tenants;
using OpenRouterSaaS.IntegrationTests.Infrastructure;

namespace OpenRouterSaaS.IntegrationTests.Tenancy;

public sealed class InvitationConcurrencyTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private const string Invitee = "invitee@example.test";

    [Fact]
    public async Task Of_two_concurrent_accepts_of_one_invitation_the_second_save_fails_on_the_row_version()
    {
        var (tenant, invitation, _) = await InviteAsync();
        var first = await database.AddUserAsync();
        var second = await database.AddUserAsync();
        await using var one = database.OpenScope(tenant);
        await using var two = database.OpenScope(tenant);
        var seenByOne = await one.Db.Invitations.SingleAsync(row => row.Id == invitation.Id);
        var seenByTwo = await two.Db.Invitations.SingleAsync(row => row.Id == invitation.Id);
        Assert.True(seenByOne.Accept(first.Id, Invitee, TestData.Now.AddHours(1)).IsSuccess);
        Assert.True(seenByTwo.Accept(second.Id, Invitee, TestData.Now.AddHours(2)).IsSuccess);

        await one.Db.SaveChangesAsync();
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => two.Db.SaveChangesAsync());

        var stored = await database.FindInvitationAsync(invitation.Id);
        Assert.Equal(first.Id, stored!.AcceptedByUserId);
        Assert.Equal(TestData.Now.AddHours(1), stored.AcceptedAt);
    }

    [Fact]
    public async Task Two_people_racing_with_one_link_get_one_membership_between_them()
    {
        var (tenant, invitation, token) = await InviteAsync();
        var people = new[] { await database.AddUserAsync(Invitee.Replace("@", "+1@", StringComparison.Ordinal)), await database.AddUserAsync(Invitee.Replace("@", "+2@", StringComparison.Ordinal)) };

        // Both present the invited address, as two accounts of one person might; the xmin token must let only one through.
        var results = await Task.WhenAll(people.Select(person => Task.Run(async () =>
        {
            await using var scope = database.OpenScope();
            var handler = new AcceptInvitationHandler(scope.Db, scope.Tenant, new FakeCurrentUser(person.Id, Invitee), TimeProvider.System);
            return await handler.Handle(new AcceptInvitationCommand(token), CancellationToken.None);
        })));

        Assert.Single(results, result => result.IsSuccess);
        var loser = Assert.Single(results, result => !result.IsSuccess);
        Assert.Equal(ErrorKind.Conflict, loser.Error!.Kind);
        Assert.Equal("This invitation has already been used.", loser.Error.Message);
        Assert.Equal(2, (await database.MembershipsOfAsync(tenant)).Count);
        Assert.NotNull((await database.FindInvitationAsync(invitation.Id))!.AcceptedAt);
    }

    [Fact]
    public async Task Accepting_makes_the_invited_person_a_member_with_the_invited_role()
    {
        var (tenant, invitation, token) = await InviteAsync();
        var person = await database.AddUserAsync(Invitee.Replace("@", "+ok@", StringComparison.Ordinal));

        await using var scope = database.OpenScope();
        var result = await new AcceptInvitationHandler(scope.Db, scope.Tenant, new FakeCurrentUser(person.Id, Invitee.ToUpperInvariant()), TimeProvider.System)
            .Handle(new AcceptInvitationCommand(token), CancellationToken.None);

        Assert.Equal(tenant.Slug, result.Value);
        Assert.Contains(await database.MembershipsOfAsync(tenant), membership => membership.UserId == person.Id && membership.Role == invitation.Role);
        Assert.Equal(person.Id, (await database.FindInvitationAsync(invitation.Id))!.AcceptedByUserId);
    }

    [Fact]
    public async Task An_unknown_token_is_not_found_and_changes_nothing()
    {
        var (tenant, _, _) = await InviteAsync();
        var person = await database.AddUserAsync();

        await using var scope = database.OpenScope();
        var result = await new AcceptInvitationHandler(scope.Db, scope.Tenant, new FakeCurrentUser(person), TimeProvider.System)
            .Handle(new AcceptInvitationCommand("not-a-real-token"), CancellationToken.None);

        Assert.Equal(ErrorKind.NotFound, result.Error!.Kind);
        Assert.Single(await database.MembershipsOfAsync(tenant));
    }

    private async Task<(Tenant Tenant, Invitation Invitation, string Token)> InviteAsync()
    {
        var tenant = await database.AddTenantAsync();
        var owner = await database.AddMemberAsync(tenant, TenantRole.Owner);
        var (invitation, token) = await database.AddInvitationAsync(tenant, Invitee, owner.UserId);
        return (tenant, invitation, token);
    }
}
