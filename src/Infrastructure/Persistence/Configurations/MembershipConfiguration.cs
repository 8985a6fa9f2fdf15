using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenRouterSaaS.Domain.Tenants;
using OpenRouterSaaS.Infrastructure.Identity;

namespace OpenRouterSaaS.Infrastructure.Persistence.Configurations;

internal sealed class MembershipConfiguration : IEntityTypeConfiguration<Membership>
{
    public void Configure(EntityTypeBuilder<Membership> builder)
    {
        builder.ToTable("memberships");
        builder.HasKey(membership => membership.Id);
        builder.Property(membership => membership.Id).ValueGeneratedNever();
        builder.Property(membership => membership.Role).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(membership => new { membership.TenantId, membership.UserId }).IsUnique();
        // Existing members keep the shared key; the sentinel lets EF Core still write false for a new membership.
        builder.Property(membership => membership.MayUseSharedKey).HasDefaultValue(true).HasSentinel(true);
        builder.Property(membership => membership.MonthlyLimitOverrideUsd).HasPrecision(BudgetConfiguration.Precision, BudgetConfiguration.Scale);
        builder.HasIndex(membership => membership.UserId);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(membership => membership.TenantId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(membership => membership.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
