using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenRouterSaaS.Domain.Models;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.Infrastructure.Persistence.Configurations;

internal sealed class ModelAllowListConfiguration : IEntityTypeConfiguration<ModelAllowList>
{
    public void Configure(EntityTypeBuilder<ModelAllowList> builder)
    {
        builder.ToTable("model_allow_lists");
        builder.HasKey(allowList => allowList.Id);
        builder.Property(allowList => allowList.Id).ValueGeneratedNever();

        // One allow-list per tenant.
        builder.HasIndex(allowList => allowList.TenantId).IsUnique();
        builder.Property(allowList => allowList.Mode).HasConversion<string>().HasMaxLength(16);
        builder.PrimitiveCollection(allowList => allowList.AllowPatterns).HasField("_allowPatterns").HasColumnType("text[]").IsRequired();
        builder.PrimitiveCollection(allowList => allowList.DenyPatterns).HasField("_denyPatterns").HasColumnType("text[]").IsRequired();
        builder.Property(allowList => allowList.MaxPromptPricePerMillion).HasPrecision(12, 6);
        builder.Property(allowList => allowList.MaxCompletionPricePerMillion).HasPrecision(12, 6);
        builder.Ignore(allowList => allowList.Rules);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(allowList => allowList.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}
