using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.Infrastructure.Persistence.Configurations;

internal sealed class TenantConfiguration : IEntityTypeConfiguration<Tenant>
{
    public void Configure(EntityTypeBuilder<Tenant> builder)
    {
        builder.ToTable("tenants");
        builder.HasKey(tenant => tenant.Id);
        builder.Property(tenant => tenant.Id).ValueGeneratedNever();
        builder.Property(tenant => tenant.Slug).HasMaxLength(TenantSlug.MaxLength).IsRequired();
        builder.HasIndex(tenant => tenant.Slug).IsUnique();
        builder.Property(tenant => tenant.Name).HasMaxLength(Tenant.NameMaxLength).IsRequired();
        builder.Property(tenant => tenant.KeyPolicy).HasConversion<string>().HasMaxLength(16).HasDefaultValue(KeyPolicy.PersonalFirst);
        builder.Property(tenant => tenant.MonthlyLimitUsd).HasPrecision(BudgetConfiguration.Precision, BudgetConfiguration.Scale);
        builder.Property(tenant => tenant.MemberMonthlyLimitUsd).HasPrecision(BudgetConfiguration.Precision, BudgetConfiguration.Scale);
        builder.Property(tenant => tenant.BudgetAlertPercent).HasDefaultValue(Tenant.DefaultBudgetAlertPercent).HasSentinel(0);

        // Only the database's triggers write it (the GatewayHotPath migration); the application reads it.
        var configVersion = builder.Property(tenant => tenant.ConfigVersion).HasDefaultValue(0L).ValueGeneratedOnAddOrUpdate();
        configVersion.Metadata.SetBeforeSaveBehavior(PropertySaveBehavior.Ignore);
        configVersion.Metadata.SetAfterSaveBehavior(PropertySaveBehavior.Ignore);
    }
}
