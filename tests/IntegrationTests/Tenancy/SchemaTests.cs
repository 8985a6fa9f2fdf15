using Microsoft.EntityFrameworkCore;
using OpenRouterSaaS.Application.Common;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.IntegrationTests.Infrastructure;

namespace OpenRouterSaaS.IntegrationTests.Tenancy;

public sealed class SchemaTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task The_migrations_match_the_model_and_are_all_applied()
    {
        await using var scope = database.OpenScope();

        Assert.False(scope.Db.Database.HasPendingModelChanges(), "The model has changes no migration captures: add a migration.");
        Assert.Empty(await scope.Db.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async Task Every_tenant_owned_entity_has_the_named_tenant_filter()
    {
        await using var scope = database.OpenScope();
        var tenantOwned = scope.Db.Model.GetEntityTypes().Where(type => typeof(ITenantOwned).IsAssignableFrom(type.ClrType)).ToList();

        Assert.NotEmpty(tenantOwned);
        Assert.All(tenantOwned, type => Assert.NotNull(type.FindDeclaredQueryFilter(QueryFilters.Tenant)));
    }

    [Fact]
    public async Task Unique_indexes_of_tenant_owned_data_include_the_tenant()
    {
        await using var scope = database.OpenScope();
        var offending = scope.Db.Model.GetEntityTypes()
            .Where(type => typeof(ITenantOwned).IsAssignableFrom(type.ClrType))
            .SelectMany(type => type.GetIndexes().Where(index => index.IsUnique).Select(index => (type, index)))
            .Where(pair => pair.index.Properties.All(property => property.Name != nameof(ITenantOwned.TenantId)))
            .Select(pair => $"{pair.type.ClrType.Name}({string.Join(", ", pair.index.Properties.Select(property => property.Name))})")
            .ToList();

        // Globally unique on purpose: the link alone finds an invitation, the bearer token alone an API token, and
        // OpenRouter's generation id names one generation across all of OpenRouter (the reconciliation looks it up).
        Assert.Equal(["ApiToken(TokenHash)", "Invitation(TokenHash)", "UsageRecord(GenerationId)"], offending.Order(StringComparer.Ordinal));
    }
}
