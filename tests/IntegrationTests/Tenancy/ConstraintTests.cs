using Microsoft.EntityFrameworkCore;
using OpenRouterSaaS.Application.Common.Exceptions;
using OpenRouterSaaS.Domain.Tenants;
using OpenRouterSaaS.IntegrationTests.Infrastructure;

namespace OpenRouterSaaS.IntegrationTests.Tenancy;

public sealed class ConstraintTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task A_second_tenant_with_a_taken_slug_raises_DuplicateKeyException_and_is_not_stored()
    {
        var first = await database.AddTenantAsync();
        await using var scope = database.OpenScope();
        scope.Db.Tenants.Add(new Tenant(first.Slug, "Impostor", TestData.Now));

        var duplicate = await Assert.ThrowsAsync<DuplicateKeyException>(() => scope.Db.SaveChangesAsync());

        Assert.Equal("ix_tenants_slug", duplicate.ConstraintName);
        await using var check = database.OpenScope();
        Assert.Equal(1, await check.Db.Tenants.CountAsync(tenant => tenant.Slug == first.Slug));
    }

    [Fact]
    public async Task A_person_cannot_be_a_member_of_one_tenant_twice()
    {
        var tenant = await database.AddTenantAsync();
        var user = await database.AddUserAsync();
        await database.AddMemberAsync(tenant, TenantRole.Member, user);
        await using var scope = database.OpenScope(tenant);
        scope.Db.Memberships.Add(new Membership(tenant.Id, user.Id, TenantRole.Owner, TestData.Now));

        var duplicate = await Assert.ThrowsAsync<DuplicateKeyException>(() => scope.Db.SaveChangesAsync());

        Assert.Equal("ix_memberships_tenant_id_user_id", duplicate.ConstraintName);
        Assert.Equal(TenantRole.Member, Assert.Single(await database.MembershipsOfAsync(tenant)).Role);
    }

    [Fact]
    public async Task One_person_can_belong_to_several_tenants()
    {
        var user = await database.AddUserAsync();
        var first = await database.AddTenantAsync();
        var second = await database.AddTenantAsync();

        await database.AddMemberAsync(first, TenantRole.Owner, user);
        await database.AddMemberAsync(second, TenantRole.Member, user);

        Assert.Single(await database.MembershipsOfAsync(first));
        Assert.Single(await database.MembershipsOfAsync(second));
    }
}
