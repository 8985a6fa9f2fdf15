using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenRouterSaaS.Domain.Budgets;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.Infrastructure.Persistence.Configurations;

internal sealed class BudgetReservationConfiguration : IEntityTypeConfiguration<BudgetReservation>
{
    public void Configure(EntityTypeBuilder<BudgetReservation> builder)
    {
        builder.ToTable("budget_reservations", table => table.HasCheckConstraint("ck_budget_reservations_estimate_not_negative", "estimate_usd >= 0"));
        builder.HasKey(reservation => reservation.Id);
        builder.Property(reservation => reservation.Id).ValueGeneratedNever();
        builder.Property(reservation => reservation.EstimateUsd).HasPrecision(BudgetConfiguration.Precision, BudgetConfiguration.Scale);
        builder.Property(reservation => reservation.ActualCostUsd).HasPrecision(BudgetConfiguration.Precision, BudgetConfiguration.Scale);
        builder.Property(reservation => reservation.Status).HasConversion<string>().HasMaxLength(16);
        // The sweeper's claim: held reservations, oldest first.
        builder.HasIndex(reservation => reservation.CreatedAt).HasFilter("status = 'Held'").HasDatabaseName("ix_budget_reservations_held_created_at");
        builder.HasIndex(reservation => new { reservation.TenantId, reservation.UserId });
        builder.HasOne<Tenant>().WithMany().HasForeignKey(reservation => reservation.TenantId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Budget>().WithMany().HasForeignKey(reservation => reservation.MemberBudgetId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Budget>().WithMany().HasForeignKey(reservation => reservation.TenantBudgetId).OnDelete(DeleteBehavior.Cascade);
    }
}
