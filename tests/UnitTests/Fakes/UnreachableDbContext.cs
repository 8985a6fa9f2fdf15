using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Domain.Models;
using OpenRouterSaaS.Domain.ApiTokens;
using OpenRouterSaaS.Domain.Audit;
using OpenRouterSaaS.Domain.Budgets;
using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.Domain.Tenants;
using OpenRouterSaaS.Domain.Usage;

namespace OpenRouterSaaS.UnitTests.Fakes;

/// <summary>A database that fails the test if it is touched: rules that need one are covered by the integration tests.</summary>
internal sealed class UnreachableDbContext : IAppDbContext
{
    private const string Message = "This unit test must not reach the database; the integration tests cover database rules.";

    public DbSet<Tenant> Tenants => throw new InvalidOperationException(Message);

    public DbSet<Membership> Memberships => throw new InvalidOperationException(Message);

    public DbSet<Invitation> Invitations => throw new InvalidOperationException(Message);

    public DbSet<CatalogueModel> CatalogueModels => throw new InvalidOperationException(Message);

    public DbSet<ModelAllowList> ModelAllowLists => throw new InvalidOperationException(Message);

    public DbSet<ApiToken> ApiTokens => throw new InvalidOperationException(Message);

    public DbSet<AuditEntry> AuditEntries => throw new InvalidOperationException(Message);
    public DbSet<Budget> Budgets => throw new InvalidOperationException(Message);

    public DbSet<BudgetReservation> BudgetReservations => throw new InvalidOperationException(Message);

    public DbSet<OpenRouterCredential> OpenRouterCredentials => throw new InvalidOperationException(Message);

    public DbSet<UsageRecord> UsageRecords => throw new InvalidOperationException(Message);

    public DbSet<ActivityDay> ActivityDays => throw new InvalidOperationException(Message);

    public IQueryable<UserSummary> Users => throw new InvalidOperationException(Message);

    public Task<int> SaveChangesAsync(CancellationToken cancellationToken = default) => throw new InvalidOperationException(Message);

    public Task<IDbContextTransaction> BeginTransactionAsync(CancellationToken cancellationToken = default) => throw new InvalidOperationException(Message);

    public Task LockTenantAsync(Guid tenantId, CancellationToken cancellationToken = default) => throw new InvalidOperationException(Message);
}
