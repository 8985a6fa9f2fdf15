using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenRouterSaaS.Domain.Audit;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.Infrastructure.Persistence.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("audit_entries");
        builder.HasKey(entry => entry.Id);
        builder.Property(entry => entry.Id).ValueGeneratedNever();
        builder.Property(entry => entry.Action).HasMaxLength(AuditEntry.ActionMaxLength).IsRequired();
        builder.Property(entry => entry.TargetType).HasMaxLength(AuditEntry.TargetTypeMaxLength).IsRequired();
        builder.Property(entry => entry.Summary).HasMaxLength(AuditEntry.SummaryMaxLength).IsRequired();
        builder.Property(entry => entry.Details).HasColumnType("jsonb");

        // No foreign key to the actor: the log keeps saying who did what after an account is deleted.
        builder.HasIndex(entry => new { entry.TenantId, entry.OccurredAt, entry.Id }).IsDescending(false, true, true);
        builder.HasIndex(entry => new { entry.TenantId, entry.Action, entry.OccurredAt });
        builder.HasOne<Tenant>().WithMany().HasForeignKey(entry => entry.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}
