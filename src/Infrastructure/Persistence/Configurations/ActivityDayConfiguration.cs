using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenRouterSaaS.Domain.Tenants;
using OpenRouterSaaS.Domain.Usage;

namespace OpenRouterSaaS.Infrastructure.Persistence.Configurations;

internal sealed class ActivityDayConfiguration : IEntityTypeConfiguration<ActivityDay>
{
    public void Configure(EntityTypeBuilder<ActivityDay> builder)
    {
        builder.ToTable("activity_days");
        builder.HasKey(day => day.Id);
        builder.Property(day => day.Id).ValueGeneratedNever();
        builder.Property(day => day.Model).HasMaxLength(ActivityDay.ModelMaxLength);
        builder.Property(day => day.UsageUsd).HasPrecision(BudgetConfiguration.Precision, BudgetConfiguration.Scale);
        builder.HasIndex(day => new { day.TenantId, day.Date, day.Model }).IsUnique();
        builder.HasOne<Tenant>().WithMany().HasForeignKey(day => day.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}
