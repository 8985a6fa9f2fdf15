using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using OpenRouterSaaS.Domain.Models;
using OpenRouterSaaS.Domain.ApiTokens;
using OpenRouterSaaS.Domain.Audit;
using OpenRouterSaaS.Domain.Budgets;
using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.Domain.Tenants;
using OpenRouterSaaS.Domain.Usage;

namespace OpenRouterSaaS.Application.Common.Interfaces;

/// <summary>The application's view of the database: EF Core sets, with tenant-owned sets filtered to the current tenant.</summary>
public interface IAppDbContext
{
    DbSet<Tenant> Tenants { get; }

    DbSet<Membership> Memberships { get; }

    DbSet<Invitation> Invitations { get; }

    /// <summary>OpenRouter's models as last seen; shared by all tenants, not filtered.</summary>
    DbSet<CatalogueModel> CatalogueModels { get; }

    /// <summary>The current tenant's allow-list (at most one row).</summary>
    DbSet<ModelAllowList> ModelAllowLists { get; }

    DbSet<ApiToken> ApiTokens { get; }

    DbSet<AuditEntry> AuditEntries { get; }
    /// <summary>The current tenant's month budgets (read only here: amounts change through <c>IBudgetLedger</c>).</summary>
    DbSet<Budget> Budgets { get; }

    DbSet<BudgetReservation> BudgetReservations { get; }

    /// <summary>Stored OpenRouter keys (personal, shared, management), encrypted.</summary>
    DbSet<OpenRouterCredential> OpenRouterCredentials { get; }

    /// <summary>The current tenant's usage ledger: one row per gateway call.</summary>
    DbSet<UsageRecord> UsageRecords { get; }

    DbSet<ActivityDay> ActivityDays { get; }

    /// <summary>The people who have accounts, as the application needs to show them.</summary>
    IQueryable<UserSummary> Users { get; }

    Task<int> SaveChangesAsync(CancellationToken cancellationToken = default);

    Task<IDbContextTransaction> BeginTransactionAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Locks the tenant's row until the current transaction ends, so that rules spanning several
    /// memberships (such as "at least one owner") hold when two admins act at the same moment.
    /// </summary>
    Task LockTenantAsync(Guid tenantId, CancellationToken cancellationToken = default);
}

/// <summary>A person with an account, as shown next to their memberships.</summary>
public sealed record UserSummary
{
    public required Guid Id { get; init; }

    public required string Email { get; init; }

    public string? DisplayName { get; init; }
}
