using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenRouterSaaS.Domain.ApiTokens;
using OpenRouterSaaS.Domain.Tenants;
using OpenRouterSaaS.Infrastructure.Identity;

namespace OpenRouterSaaS.Infrastructure.Persistence.Configurations;

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> builder)
    {
        builder.ToTable("api_tokens");
        builder.HasKey(token => token.Id);
        builder.Property(token => token.Id).ValueGeneratedNever();
        builder.Property(token => token.Name).HasMaxLength(ApiToken.NameMaxLength).IsRequired();
        builder.Property(token => token.TokenHash).HasMaxLength(32).IsRequired();
        builder.Property(token => token.Hint).HasMaxLength(ApiToken.HintLength).IsRequired();
        builder.Ignore(token => token.Masked);

        // Globally unique on purpose: the gateway finds a token by its hash alone, before it knows the tenant.
        builder.HasIndex(token => token.TokenHash).IsUnique();
        builder.HasIndex(token => new { token.TenantId, token.UserId });
        builder.HasOne<Tenant>().WithMany().HasForeignKey(token => token.TenantId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(token => token.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
