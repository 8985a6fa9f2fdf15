using System.Linq.Expressions;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using OpenRouterSaaS.Application.Common;
using OpenRouterSaaS.Application.Common.Exceptions;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Domain.ApiTokens;
using OpenRouterSaaS.Domain.Audit;
using OpenRouterSaaS.Domain.Budgets;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Models;
using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.Domain.Tenants;
using OpenRouterSaaS.Domain.Usage;
using OpenRouterSaaS.Infrastructure.Identity;

namespace OpenRouterSaaS.Infrastructure.Persistence;

public sealed class AppDbContext(DbContextOptions<AppDbContext> options, ITenantContext tenantContext)
    : IdentityDbContext<ApplicationUser, IdentityRole<Guid>, Guid>(options), IAppDbContext, IDataProtectionKeyContext
{
    public DbSet<Tenant> Tenants => Set<Tenant>();

    public DbSet<Membership> Memberships => Set<Membership>();

    public DbSet<Invitation> Invitations => Set<Invitation>();

    public DbSet<CatalogueModel> CatalogueModels => Set<CatalogueModel>();

    public DbSet<ModelAllowList> ModelAllowLists => Set<ModelAllowList>();

    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<Budget> Budgets => Set<Budget>();

    public DbSet<BudgetReservation> BudgetReservations => Set<BudgetReservation>();

    public DbSet<OpenRouterCredential> OpenRouterCredentials => Set<OpenRouterCredential>();

    public DbSet<UsageRecord> UsageRecords => Set<UsageRecord>();

    public DbSet<ActivityDay> ActivityDays => Set<ActivityDay>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    IQueryable<UserSummary> IAppDbContext.Users =>
        Users.Select(user => new UserSummary { Id = user.Id, Email = user.Email!, DisplayName = user.DisplayName });

    /// <summary>Read by the "Tenant" query filter on every query; EF Core parameterises it per context instance.</summary>
    private Guid? CurrentTenantId => tenantContext.TenantId;

    public Task<IDbContextTransaction> BeginTransactionAsync(CancellationToken cancellationToken = default) =>
        Database.BeginTransactionAsync(cancellationToken);

    public Task LockTenantAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        // Raw SQL skips the query filter, so the tenant rule is stated here: a context locks only the tenant it acts in.
        if (tenantId != CurrentTenantId)
        {
            throw new InvalidOperationException("A context can only lock the tenant it acts in.");
        }

        return Database.ExecuteSqlInterpolatedAsync($"SELECT 1 FROM tenants WHERE id = {tenantId} FOR UPDATE", cancellationToken);
    }

    public override async Task<int> SaveChangesAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await base.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } unique)
        {
            throw new DuplicateKeyException(unique.ConstraintName ?? "unknown", exception);
        }
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);

        foreach (var entityType in builder.Model.GetEntityTypes().Where(type => typeof(ITenantOwned).IsAssignableFrom(type.ClrType)))
        {
            builder.Entity(entityType.ClrType).HasQueryFilter(QueryFilters.Tenant, TenantFilterFor(entityType.ClrType));
        }
    }

    /// <summary>Builds <c>e => e.TenantId == CurrentTenantId</c> for one entity type. No current tenant means no rows.</summary>
    private LambdaExpression TenantFilterFor(Type entityType)
    {
        var entity = Expression.Parameter(entityType, "entity");
        var tenantId = Expression.Convert(Expression.Property(entity, nameof(ITenantOwned.TenantId)), typeof(Guid?));
        var current = Expression.Property(Expression.Constant(this), nameof(CurrentTenantId));
        return Expression.Lambda(Expression.Equal(tenantId, current), entity);
    }
}
