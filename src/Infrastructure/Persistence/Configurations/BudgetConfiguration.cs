using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenRouterSaaS.Domain.Budgets;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.Infrastructure.Persistence.Configurations;

internal sealed class BudgetConfiguration : IEntityTypeConfiguration<Budget>
{
    /// <summary>Room for per-token prices (eight or more decimals) summed over a month.</summary>
    public const int Precision = 20;

    public const int Scale = 10;

    public void Configure(EntityTypeBuilder<Budget> builder)
    {
        builder.ToTable("budgets", table =>
        {
            table.HasCheckConstraint("ck_budgets_spent_not_negative", "spent_usd >= 0");
            table.HasCheckConstraint("ck_budgets_reserved_not_negative", "reserved_usd >= 0");
        });
        builder.HasKey(budget => budget.Id);
        builder.Property(budget => budget.Id).ValueGeneratedNever();
        builder.Property(budget => budget.LimitUsd).HasPrecision(Precision, Scale);
        builder.Property(budget => budget.SpentUsd).HasPrecision(Precision, Scale);
        builder.Property(budget => budget.ReservedUsd).HasPrecision(Precision, Scale);
        builder.Ignore(budget => budget.IsTenantBudget);
        // One tenant row (no member) and one row per member per month; ON CONFLICT in the ledger relies on it.
        builder.HasIndex(budget => new { budget.TenantId, budget.MemberUserId, budget.Month }).IsUnique().AreNullsDistinct(false);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(budget => budget.TenantId).OnDelete(DeleteBehavior.Cascade);
        // No foreign key to the member on purpose: a member who leaves (or deletes their account) leaves the month's
        // spend and any held reservation behind, so the tenant row's amounts still add up and the sweeper can release it.
    }
}
