using Microsoft.EntityFrameworkCore;
using Npgsql;
using OpenRouterSaaS.Application.Common;
using OpenRouterSaaS.Domain.Tenants;
using OpenRouterSaaS.IntegrationTests.Infrastructure;

namespace OpenRouterSaaS.IntegrationTests.Tenancy;

/// <summary>With tenant A's context, tenant B's data can be neither read, changed nor removed, whichever way the query is written.</summary>
public sealed class TenantIsolationTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task A_context_reads_only_its_own_tenants_memberships_and_invitations()
    {
        var t = await TwoTenants.CreateAsync(database);
        await using var a = database.OpenScope(t.A);

        var memberships = await a.Db.Memberships.Select(membership => membership.Id).ToListAsync();
        var invitations = await a.Db.Invitations.Select(invitation => invitation.Id).ToListAsync();

        Assert.Equal(new[] { t.OwnerOfA.Id, t.MemberOfA.Id }.Order(), memberships.Order());
        Assert.Equal([t.InvitationOfA.Id], invitations);
    }

    [Fact]
    public async Task Asking_for_another_tenants_row_by_its_id_finds_nothing()
    {
        var t = await TwoTenants.CreateAsync(database);
        await using var a = database.OpenScope(t.A);

        Assert.Null(await a.Db.Memberships.SingleOrDefaultAsync(membership => membership.Id == t.MemberOfB.Id));
        Assert.Null(await a.Db.Memberships.FindAsync(t.MemberOfB.Id));
        Assert.Null(await a.Db.Invitations.SingleOrDefaultAsync(invitation => invitation.Id == t.InvitationOfB.Id));
        Assert.False(await a.Db.Memberships.AnyAsync(membership => membership.TenantId == t.B.Id));
    }

    [Fact]
    public async Task Changing_another_tenants_row_is_refused_and_the_row_stays_as_it_was()
    {
        var t = await TwoTenants.CreateAsync(database);
        await using var a = database.OpenScope(t.A);
        var memberOfB = await a.Db.Memberships.IgnoreQueryFilters([QueryFilters.Tenant]).SingleAsync(membership => membership.Id == t.MemberOfB.Id);
        memberOfB.ChangeRole(TenantRole.Owner);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => a.Db.SaveChangesAsync());

        Assert.Equal("A Membership of another tenant was about to be saved; refused.", refused.Message);
        Assert.Equal(TenantRole.Member, (await database.FindMembershipAsync(t.MemberOfB.Id))!.Role);
    }

    [Fact]
    public async Task Revoking_another_tenants_invitation_is_refused()
    {
        var t = await TwoTenants.CreateAsync(database);
        await using var a = database.OpenScope(t.A);
        var invitationOfB = await a.Db.Invitations.IgnoreQueryFilters([QueryFilters.Tenant]).SingleAsync(invitation => invitation.Id == t.InvitationOfB.Id);
        Assert.True(invitationOfB.Revoke(TestData.Now.AddHours(1)).IsSuccess);

        await Assert.ThrowsAsync<InvalidOperationException>(() => a.Db.SaveChangesAsync());

        Assert.Null((await database.FindInvitationAsync(t.InvitationOfB.Id))!.RevokedAt);
    }

    [Fact]
    public async Task Deleting_another_tenants_row_is_refused_and_the_row_stays()
    {
        var t = await TwoTenants.CreateAsync(database);
        await using var a = database.OpenScope(t.A);
        var ownerOfB = await a.Db.Memberships.IgnoreQueryFilters([QueryFilters.Tenant]).SingleAsync(membership => membership.Id == t.OwnerOfB.Id);
        a.Db.Memberships.Remove(ownerOfB);

        await Assert.ThrowsAsync<InvalidOperationException>(() => a.Db.SaveChangesAsync());

        Assert.NotNull(await database.FindMembershipAsync(t.OwnerOfB.Id));
    }

    [Fact]
    public async Task A_row_cannot_be_moved_into_another_tenant()
    {
        var t = await TwoTenants.CreateAsync(database);
        await using var a = database.OpenScope(t.A);
        var memberOfA = await a.Db.Memberships.SingleAsync(membership => membership.Id == t.MemberOfA.Id);
        a.Db.Entry(memberOfA).Property(membership => membership.TenantId).CurrentValue = t.B.Id;

        await Assert.ThrowsAsync<InvalidOperationException>(() => a.Db.SaveChangesAsync());

        Assert.Equal(t.A.Id, (await database.FindMembershipAsync(t.MemberOfA.Id))!.TenantId);
    }

    [Fact]
    public async Task A_row_of_another_tenant_cannot_be_pulled_into_this_one()
    {
        var t = await TwoTenants.CreateAsync(database);
        await using var a = database.OpenScope(t.A);
        var memberOfB = await a.Db.Memberships.IgnoreQueryFilters([QueryFilters.Tenant]).SingleAsync(membership => membership.Id == t.MemberOfB.Id);
        a.Db.Entry(memberOfB).Property(membership => membership.TenantId).CurrentValue = t.A.Id;

        await Assert.ThrowsAsync<InvalidOperationException>(() => a.Db.SaveChangesAsync());

        Assert.Equal(t.B.Id, (await database.FindMembershipAsync(t.MemberOfB.Id))!.TenantId);
    }

    [Fact]
    public async Task Adding_a_row_for_another_tenant_is_refused_and_nothing_is_saved()
    {
        var t = await TwoTenants.CreateAsync(database);
        var newcomer = await database.AddUserAsync();
        await using var a = database.OpenScope(t.A);
        a.Db.Memberships.Add(new Membership(t.B.Id, newcomer.Id, TenantRole.Owner, TestData.Now));

        await Assert.ThrowsAsync<InvalidOperationException>(() => a.Db.SaveChangesAsync());

        Assert.Equal(2, (await database.MembershipsOfAsync(t.B)).Count);
    }

    [Fact]
    public async Task A_new_row_without_a_tenant_is_stamped_with_the_current_one()
    {
        var t = await TwoTenants.CreateAsync(database);
        var newcomer = await database.AddUserAsync();
        var membership = new Membership(Guid.Empty, newcomer.Id, TenantRole.Member, TestData.Now);
        await using (var a = database.OpenScope(t.A))
        {
            a.Db.Memberships.Add(membership);
            await a.Db.SaveChangesAsync();
        }

        Assert.Equal(t.A.Id, membership.TenantId);
        Assert.Equal(t.A.Id, (await database.FindMembershipAsync(membership.Id))!.TenantId);
    }

    [Fact]
    public async Task ExecuteUpdate_without_a_tenant_predicate_still_touches_only_this_tenant()
    {
        var t = await TwoTenants.CreateAsync(database);
        await using var a = database.OpenScope(t.A);

        var updated = await a.Db.Memberships.ExecuteUpdateAsync(set => set.SetProperty(membership => membership.Role, TenantRole.Admin));
        var updatedInB = await a.Db.Memberships.Where(membership => membership.Id == t.OwnerOfB.Id)
            .ExecuteUpdateAsync(set => set.SetProperty(membership => membership.Role, TenantRole.Member));

        Assert.Equal(2, updated);
        Assert.Equal(0, updatedInB);
        var b = await database.MembershipsOfAsync(t.B);
        Assert.Equal(TenantRole.Owner, b.Single(membership => membership.Id == t.OwnerOfB.Id).Role);
        Assert.Equal(TenantRole.Member, b.Single(membership => membership.Id == t.MemberOfB.Id).Role);
    }

    [Fact]
    public async Task ExecuteDelete_without_a_tenant_predicate_still_removes_only_this_tenants_rows()
    {
        var t = await TwoTenants.CreateAsync(database);
        await using var a = database.OpenScope(t.A);

        var deletedInB = await a.Db.Invitations.Where(invitation => invitation.Id == t.InvitationOfB.Id).ExecuteDeleteAsync();
        var deleted = await a.Db.Invitations.ExecuteDeleteAsync();
        var deletedMembers = await a.Db.Memberships.Where(membership => membership.Role == TenantRole.Member).ExecuteDeleteAsync();

        Assert.Equal(0, deletedInB);
        Assert.Equal(1, deleted);
        Assert.Equal(1, deletedMembers);
        Assert.Null(await database.FindInvitationAsync(t.InvitationOfA.Id));
        Assert.NotNull(await database.FindInvitationAsync(t.InvitationOfB.Id));
        Assert.Equal(2, (await database.MembershipsOfAsync(t.B)).Count);
    }

    [Fact]
    public async Task LockTenant_refuses_to_lock_another_tenant_and_leaves_its_row_free()
    {
        var t = await TwoTenants.CreateAsync(database);
        await using var a = database.OpenScope(t.A);
        await using var transaction = await a.Db.BeginTransactionAsync();

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => a.Db.LockTenantAsync(t.B.Id));

        Assert.Equal("A context can only lock the tenant it acts in.", refused.Message);
        Assert.True(await CanLockAtOnceAsync(t.B.Id));
    }

    [Fact]
    public async Task LockTenant_holds_exactly_this_tenants_row_until_the_transaction_ends()
    {
        var t = await TwoTenants.CreateAsync(database);
        await using var a = database.OpenScope(t.A);
        await using (var transaction = await a.Db.BeginTransactionAsync())
        {
            await a.Db.LockTenantAsync(t.A.Id);

            Assert.False(await CanLockAtOnceAsync(t.A.Id));
            Assert.True(await CanLockAtOnceAsync(t.B.Id));
            await transaction.CommitAsync();
        }

        Assert.True(await CanLockAtOnceAsync(t.A.Id));
    }

    [Fact]
    public async Task LockTenant_from_a_context_with_no_tenant_is_refused()
    {
        var t = await TwoTenants.CreateAsync(database);
        await using var system = database.OpenScope();

        await Assert.ThrowsAsync<InvalidOperationException>(() => system.Db.LockTenantAsync(t.A.Id));
        Assert.True(await CanLockAtOnceAsync(t.A.Id));
    }

    [Fact]
    public async Task A_context_with_no_tenant_sees_no_tenant_owned_rows()
    {
        var t = await TwoTenants.CreateAsync(database);
        await using var system = database.OpenScope();

        Assert.Equal(0, await system.Db.Memberships.CountAsync());
        Assert.Equal(0, await system.Db.Invitations.CountAsync());
        Assert.Equal(0, await system.Db.Invitations.ExecuteDeleteAsync());
        Assert.Equal(0, await system.Db.Memberships.ExecuteUpdateAsync(set => set.SetProperty(membership => membership.Role, TenantRole.Owner)));
        Assert.True(await system.Db.Memberships.IgnoreQueryFilters([QueryFilters.Tenant]).CountAsync(membership => membership.TenantId == t.A.Id || membership.TenantId == t.B.Id) == 4);
        Assert.True(await system.Db.Tenants.AnyAsync(tenant => tenant.Id == t.A.Id), "Tenants themselves are not tenant-owned.");
    }

    [Fact]
    public async Task A_context_with_no_tenant_cannot_save_tenant_owned_rows()
    {
        var t = await TwoTenants.CreateAsync(database);
        var newcomer = await database.AddUserAsync();
        await using var system = database.OpenScope();
        system.Db.Memberships.Add(new Membership(t.A.Id, newcomer.Id, TenantRole.Owner, TestData.Now));

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => system.Db.SaveChangesAsync());

        Assert.Equal("A Membership was saved with no current tenant.", refused.Message);
        Assert.Equal(2, (await database.MembershipsOfAsync(t.A)).Count);
    }

    /// <summary>Tries to lock a tenant row from another connection without waiting.</summary>
    private async Task<bool> CanLockAtOnceAsync(Guid tenantId)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand("SELECT 1 FROM tenants WHERE id = @id FOR UPDATE NOWAIT", connection, transaction);
        command.Parameters.AddWithValue("id", tenantId);
        try
        {
            return await command.ExecuteScalarAsync() is 1;
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            return false;
        }
    }
}
