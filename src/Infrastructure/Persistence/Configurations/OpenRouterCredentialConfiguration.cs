using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.Domain.Tenants;
using OpenRouterSaaS.Infrastructure.Identity;

namespace OpenRouterSaaS.Infrastructure.Persistence.Configurations;

internal sealed class OpenRouterCredentialConfiguration : IEntityTypeConfiguration<OpenRouterCredential>
{
    public void Configure(EntityTypeBuilder<OpenRouterCredential> builder)
    {
        builder.ToTable("openrouter_credentials");
        builder.HasKey(credential => credential.Id);
        builder.Ignore(credential => credential.Binding);
        builder.Ignore(credential => credential.StoredSecrets);
        builder.Property(credential => credential.Id).ValueGeneratedNever();
        builder.Property(credential => credential.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(credential => credential.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(credential => credential.EncryptedKey).HasMaxLength(OpenRouterCredential.EncryptedKeyMaxLength).IsRequired();
        builder.Property(credential => credential.Mask).HasMaxLength(32).IsRequired();
        builder.Property(credential => credential.Fingerprint).HasMaxLength(12).IsFixedLength().IsRequired();
        builder.Property(credential => credential.Label).HasMaxLength(OpenRouterCredential.LabelMaxLength);

        // One key of each kind per tenant, and one personal key per member: NULLS NOT DISTINCT makes the shared and
        // management keys (no owner) unique too.
        builder.HasIndex(credential => new { credential.TenantId, credential.Kind, credential.OwnerUserId }).IsUnique().AreNullsDistinct(false);

        builder.HasOne<Tenant>().WithMany().HasForeignKey(credential => credential.TenantId).OnDelete(DeleteBehavior.Cascade);

        // A personal key goes with its owner's account; leaving or being removed from the tenant removes it too (MembershipChanges).
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(credential => credential.OwnerUserId).OnDelete(DeleteBehavior.Cascade);
    }
}
