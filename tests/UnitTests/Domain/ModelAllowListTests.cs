using OpenRouterSaaS.Domain.Models;

namespace OpenRouterSaaS.UnitTests.Domain;

public sealed class ModelAllowListTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_default_allows_listed_free_models_under_modest_ceilings()
    {
        var tenantId = Guid.CreateVersion7();

        var allowList = ModelAllowList.CreateDefault(tenantId, Now);

        Assert.Equal((tenantId, ModelAccessMode.AllowListed, 1m, 4m), (allowList.TenantId, allowList.Mode, allowList.MaxPromptPricePerMillion, allowList.MaxCompletionPricePerMillion));
        Assert.Equal(["*:free"], allowList.AllowPatterns);
        Assert.Empty(allowList.DenyPatterns);
        Assert.Null(allowList.UpdatedByUserId);
    }

    [Fact]
    public void A_change_replaces_everything_keeps_each_pattern_once_and_says_who()
    {
        var allowList = ModelAllowList.CreateDefault(Guid.CreateVersion7(), Now);
        var admin = Guid.CreateVersion7();
        var rules = new AllowListRules(ModelAccessMode.AllowAll,
            [ModelPattern.Parse("anthropic/*"), ModelPattern.Parse("Anthropic/*")], [ModelPattern.Parse("x-ai/*")], null, 20m);

        allowList.Change(rules, admin, Now.AddHours(1));

        Assert.Equal(ModelAccessMode.AllowAll, allowList.Mode);
        Assert.Equal(["anthropic/*"], allowList.AllowPatterns);
        Assert.Equal(["x-ai/*"], allowList.DenyPatterns);
        Assert.Equal((null, 20m), (allowList.MaxPromptPricePerMillion, allowList.MaxCompletionPricePerMillion));
        Assert.Equal((admin, Now.AddHours(1)), (allowList.UpdatedByUserId, allowList.UpdatedAt));
        Assert.Equal(allowList.AllowPatterns, allowList.Rules.Allow.Select(pattern => pattern.Value));
    }

    [Fact]
    public void More_patterns_than_the_maximum_are_refused_by_the_entity_too()
    {
        var allowList = ModelAllowList.CreateDefault(Guid.CreateVersion7(), Now);
        var rules = new AllowListRules(ModelAccessMode.AllowListed,
            [.. Enumerable.Range(0, ModelAllowList.MaxPatterns + 1).Select(index => ModelPattern.Parse($"acme/m{index}"))], [], null, null);

        Assert.Throws<ArgumentException>(() => allowList.Change(rules, Guid.CreateVersion7(), Now));
        Assert.Equal(["*:free"], allowList.AllowPatterns);
    }
}
