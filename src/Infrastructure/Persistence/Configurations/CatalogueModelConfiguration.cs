using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenRouterSaaS.Domain.Models;

namespace OpenRouterSaaS.Infrastructure.Persistence.Configurations;

internal sealed class CatalogueModelConfiguration : IEntityTypeConfiguration<CatalogueModel>
{
    public void Configure(EntityTypeBuilder<CatalogueModel> builder)
    {
        builder.ToTable("catalogue_models");
        builder.HasKey(model => model.Id);
        builder.Property(model => model.Id).HasMaxLength(ModelId.MaxLength).ValueGeneratedNever();
        builder.Property(model => model.Name).HasMaxLength(CatalogueModel.NameMaxLength).IsRequired();
        builder.Property(model => model.Provider).HasMaxLength(CatalogueModel.ProviderMaxLength).IsRequired();
        builder.HasIndex(model => model.Provider);

        // USD per token, exactly as OpenRouter lists it (down to 1e-10 and below): unconstrained numeric.
        builder.Property(model => model.PromptPrice).HasColumnType("numeric");
        builder.Property(model => model.CompletionPrice).HasColumnType("numeric");
        builder.Property(model => model.RequestPrice).HasColumnType("numeric");
        builder.Property(model => model.InputCacheReadPrice).HasColumnType("numeric");
        builder.Property(model => model.InputCacheWritePrice).HasColumnType("numeric");

        builder.PrimitiveCollection(model => model.SupportedParameters).HasField("_supportedParameters").HasColumnType("text[]").IsRequired();
        builder.Ignore(model => model.Pricing);
        builder.Ignore(model => model.IsRemoved);
        builder.Ignore(model => model.IsAutoRouter);
    }
}
