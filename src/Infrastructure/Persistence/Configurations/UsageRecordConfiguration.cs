using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenRouterSaaS.Domain.Tenants;
using OpenRouterSaaS.Domain.Usage;

namespace OpenRouterSaaS.Infrastructure.Persistence.Configurations;

internal sealed class UsageRecordConfiguration : IEntityTypeConfiguration<UsageRecord>
{
    public void Configure(EntityTypeBuilder<UsageRecord> builder)
    {
        builder.ToTable("usage_records");
        builder.HasKey(record => record.Id);
        builder.Property(record => record.Id).ValueGeneratedNever();
        builder.Property(record => record.CredentialKind).HasConversion<string>().HasMaxLength(16);
        builder.Property(record => record.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(record => record.RequestedModel).HasMaxLength(UsageRecord.ModelMaxLength);
        builder.Property(record => record.ServedModel).HasMaxLength(UsageRecord.ModelMaxLength);
        builder.Property(record => record.Provider).HasMaxLength(UsageRecord.ProviderMaxLength);
        builder.Property(record => record.GenerationId).HasMaxLength(UsageRecord.GenerationIdMaxLength);
        builder.Property(record => record.ErrorCode).HasMaxLength(UsageRecord.ErrorCodeMaxLength);
        builder.Property(record => record.ErrorMessage).HasMaxLength(UsageRecord.ErrorMessageMaxLength);
        builder.Property(record => record.CorrelationId).HasMaxLength(UsageRecord.CorrelationIdMaxLength);
        builder.Property(record => record.CostUsd).HasPrecision(BudgetConfiguration.Precision, BudgetConfiguration.Scale);
        builder.Property(record => record.GenerationCostUsd).HasPrecision(BudgetConfiguration.Precision, BudgetConfiguration.Scale);
        builder.Ignore(record => record.CostDrift);
        builder.HasIndex(record => record.GenerationId).IsUnique().HasFilter("generation_id IS NOT NULL");
        builder.HasIndex(record => new { record.TenantId, record.CreatedAt });
        builder.HasIndex(record => new { record.TenantId, record.UserId, record.CreatedAt });
        builder.HasIndex(record => record.CreatedAt).HasFilter("status = 'Pending'").HasDatabaseName("ix_usage_records_pending_created_at");
        builder.HasIndex(record => record.NextReconcileAt).HasFilter("next_reconcile_at IS NOT NULL").HasDatabaseName("ix_usage_records_reconcile_due");
        builder.HasOne<Tenant>().WithMany().HasForeignKey(record => record.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}
