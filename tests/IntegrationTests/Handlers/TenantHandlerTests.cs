using Microsoft.EntityFrameworkCore;
using OpenRouterSaaS.Application.Common;
using OpenRouterSaaS.Application.Tenants.CreateTenant;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Tenants;
using OpenRouterSaaS.IntegrationTests.Infrastructure;

namespace OpenRouterSaaS.IntegrationTests.Handlers;

public sealed class TenantHandlerTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task A_taken_slug_is_reported_on_the_slug_field_by_the_validator()
    {
        var existing = await database.AddTenantAsync();
        await using var scope = database.OpenScope();

        var result = await new CreateTenantValidator(scope.Db).ValidateAsync(new CreateTenantCommand("Another", existing.Slug));

        var failure = Assert.Single(result.Errors);
        Assert.Equal(nameof(CreateTenantCommand.Slug), failure.PropertyName);
        Assert.Equal(CreateTenantValidator.SlugTakenMessage, failure.ErrorMessage);
    }

    [Fact]
    public async Task A_free_well_formed_slug_passes_the_validator()
    {
        await using var scope = database.OpenScope();

        var result = await new CreateTenantValidator(scope.Db).ValidateAsync(new CreateTenantCommand("Acme", TestData.UniqueSlug()));

        Assert.True(result.IsValid);
    }

    [Fact]
    public async Task Creating_a_tenant_makes_its_creator_the_owner()
    {
        var creator = await database.AddUserAsync();
        var slug = TestData.UniqueSlug();

        await using var scope = database.OpenScope();
        var result = await new CreateTenantHandler(scope.Db, scope.Tenant, new FakeCurrentUser(creator), TimeProvider.System)
            .Handle(new CreateTenantCommand("  Acme Research  ", slug), CancellationToken.None);

        Assert.Equal(slug, result.Value.Slug);
        await using var check = database.OpenScope();
        var tenant = await check.Db.Tenants.SingleAsync(tenant => tenant.Id == result.Value.Id);
        Assert.Equal("Acme Research", tenant.Name);
        var membership = Assert.Single(await database.MembershipsOfAsync(tenant));
        Assert.Equal((creator.Id, TenantRole.Owner), (membership.UserId, membership.Role));
    }

    [Fact]
    public async Task A_slug_taken_between_validation_and_save_becomes_a_field_error_and_nothing_is_stored()
    {
        var existing = await database.AddTenantAsync();
        var creator = await database.AddUserAsync();

        await using var scope = database.OpenScope();
        var result = await new CreateTenantHandler(scope.Db, scope.Tenant, new FakeCurrentUser(creator), TimeProvider.System)
            .Handle(new CreateTenantCommand("Late", existing.Slug), CancellationToken.None);

        Assert.Equal(ErrorKind.Invalid, result.Error!.Kind);
        Assert.Equal([CreateTenantValidator.SlugTakenMessage], result.Error.FieldErrors!["Slug"]);
        await using var check = database.OpenScope();
        var withThatSlug = await check.Db.Tenants.Where(tenant => tenant.Slug == existing.Slug).ToListAsync();
        Assert.Equal((existing.Id, existing.Name), (Assert.Single(withThatSlug).Id, withThatSlug[0].Name));
        Assert.False(await check.Db.Memberships.IgnoreQueryFilters([QueryFilters.Tenant]).AnyAsync(membership => membership.UserId == creator.Id));
    }
}
