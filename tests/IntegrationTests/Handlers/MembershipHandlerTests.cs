using Microsoft.EntityFrameworkCore;
using OpenRouterSaaS.Application.Members.ChangeMemberRole;
using OpenRouterSaaS.Application.Members.LeaveTenant;
using OpenRouterSaaS.Application.Members.RemoveMember;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Tenants;
using OpenRouterSaaS.IntegrationTests.Infrastructure;

namespace OpenRouterSaaS.IntegrationTests.Handlers;

/// <summary>The member handlers on the real database: a tenant always keeps an owner, even when two owners act at once.</summary>
public sealed class MembershipHandlerTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task The_last_owner_cannot_demote_themselves_and_stays_owner()
    {
        var tenant = await database.AddTenantAsync();
        var owner = await database.AddMemberAsync(tenant, TenantRole.Owner);

        var result = await ChangeRoleAsync(tenant, TenantRole.Owner, owner.Id, TenantRole.Admin);

        AssertLastOwnerRefused(result);
        Assert.Equal(TenantRole.Owner, (await database.FindMembershipAsync(owner.Id))!.Role);
    }

    [Fact]
    public async Task The_last_owner_cannot_be_removed_and_stays_a_member()
    {
        var tenant = await database.AddTenantAsync();
        var owner = await database.AddMemberAsync(tenant, TenantRole.Owner);
        await database.AddMemberAsync(tenant, TenantRole.Admin);

        await using var scope = database.OpenScope(tenant, TenantRole.Owner);
        var result = await new RemoveMemberHandler(scope.Db, scope.Tenant).Handle(new RemoveMemberCommand(owner.Id), CancellationToken.None);

        AssertLastOwnerRefused(result);
        Assert.Equal(2, (await database.MembershipsOfAsync(tenant)).Count);
    }

    [Fact]
    public async Task The_last_owner_cannot_leave()
    {
        var tenant = await database.AddTenantAsync();
        var owner = await database.AddMemberAsync(tenant, TenantRole.Owner);

        var result = await LeaveAsync(tenant, TenantRole.Owner, owner);

        AssertLastOwnerRefused(result);
        Assert.NotNull(await database.FindMembershipAsync(owner.Id));
    }

    [Fact]
    public async Task A_member_can_leave_and_is_gone()
    {
        var tenant = await database.AddTenantAsync();
        await database.AddMemberAsync(tenant, TenantRole.Owner);
        var member = await database.AddMemberAsync(tenant, TenantRole.Member);

        var result = await LeaveAsync(tenant, TenantRole.Member, member);

        Assert.True(result.IsSuccess);
        Assert.Null(await database.FindMembershipAsync(member.Id));
    }

    [Fact]
    public async Task One_of_two_owners_can_step_down()
    {
        var tenant = await database.AddTenantAsync();
        var first = await database.AddMemberAsync(tenant, TenantRole.Owner);
        await database.AddMemberAsync(tenant, TenantRole.Owner);

        var result = await ChangeRoleAsync(tenant, TenantRole.Owner, first.Id, TenantRole.Admin);

        Assert.True(result.IsSuccess);
        Assert.Equal(TenantRole.Admin, (await database.FindMembershipAsync(first.Id))!.Role);
    }

    [Fact]
    public async Task An_admin_cannot_remove_an_owner()
    {
        var tenant = await database.AddTenantAsync();
        var owner = await database.AddMemberAsync(tenant, TenantRole.Owner);
        await database.AddMemberAsync(tenant, TenantRole.Owner);

        await using var scope = database.OpenScope(tenant, TenantRole.Admin);
        var result = await new RemoveMemberHandler(scope.Db, scope.Tenant).Handle(new RemoveMemberCommand(owner.Id), CancellationToken.None);

        Assert.Equal(ErrorKind.Forbidden, result.Error!.Kind);
        Assert.NotNull(await database.FindMembershipAsync(owner.Id));
    }

    [Fact]
    public async Task A_membership_of_another_tenant_is_not_found_and_not_changed()
    {
        var mine = await database.AddTenantAsync();
        await database.AddMemberAsync(mine, TenantRole.Owner);
        var theirs = await database.AddTenantAsync();
        var stranger = await database.AddMemberAsync(theirs, TenantRole.Member);

        var result = await ChangeRoleAsync(mine, TenantRole.Owner, stranger.Id, TenantRole.Owner);

        Assert.Equal(ErrorKind.NotFound, result.Error!.Kind);
        Assert.Equal(TenantRole.Member, (await database.FindMembershipAsync(stranger.Id))!.Role);
    }

    [Fact]
    public async Task Two_owners_demoting_each_other_at_the_same_moment_leave_one_owner()
    {
        // Repeated on fresh tenants: without the tenant row lock both would count two owners and both would succeed.
        for (var round = 0; round < 5; round++)
        {
            var tenant = await database.AddTenantAsync();
            var first = await database.AddMemberAsync(tenant, TenantRole.Owner);
            var second = await database.AddMemberAsync(tenant, TenantRole.Owner);

            var results = await Task.WhenAll(
                Task.Run(() => ChangeRoleAsync(tenant, TenantRole.Owner, second.Id, TenantRole.Admin)),
                Task.Run(() => ChangeRoleAsync(tenant, TenantRole.Owner, first.Id, TenantRole.Admin)));

            Assert.Single(results, result => result.IsSuccess);
            AssertLastOwnerRefused(Assert.Single(results, result => !result.IsSuccess));
            Assert.Single(await database.MembershipsOfAsync(tenant), membership => membership.Role == TenantRole.Owner);
        }
    }

    [Fact]
    public async Task A_refused_change_leaves_no_transaction_or_lock_behind()
    {
        var tenant = await database.AddTenantAsync();
        var owner = await database.AddMemberAsync(tenant, TenantRole.Owner);
        var member = await database.AddMemberAsync(tenant, TenantRole.Member);

        await using var scope = database.OpenScope(tenant, TenantRole.Owner);
        var refused = await new ChangeMemberRoleHandler(scope.Db, scope.Tenant).Handle(new ChangeMemberRoleCommand(owner.Id, TenantRole.Member), CancellationToken.None);
        Assert.Null(scope.Db.Database.CurrentTransaction);

        // Another request right after must not wait for a lock the refused one kept.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var promoted = await ChangeRoleAsync(tenant, TenantRole.Owner, member.Id, TenantRole.Admin, timeout.Token);

        AssertLastOwnerRefused(refused);
        Assert.True(promoted.IsSuccess);
    }

    private async Task<Result> ChangeRoleAsync(Tenant tenant, TenantRole actingRole, Guid membershipId, TenantRole newRole, CancellationToken cancellationToken = default)
    {
        await using var scope = database.OpenScope(tenant, actingRole);
        return await new ChangeMemberRoleHandler(scope.Db, scope.Tenant).Handle(new ChangeMemberRoleCommand(membershipId, newRole), cancellationToken);
    }

    private async Task<Result> LeaveAsync(Tenant tenant, TenantRole role, Membership membership)
    {
        await using var scope = database.OpenScope(tenant, role);
        var user = new FakeCurrentUser(membership.UserId, email: null);
        return await new LeaveTenantHandler(scope.Db, scope.Tenant, user).Handle(new LeaveTenantCommand(), CancellationToken.None);
    }

    private static void AssertLastOwnerRefused(Result result)
    {
        Assert.False(result.IsSuccess);
        Assert.Equal(ErrorKind.Conflict, result.Error!.Kind);
        Assert.Equal(OwnershipRules.LastOwnerMessage, result.Error.Message);
    }
}
