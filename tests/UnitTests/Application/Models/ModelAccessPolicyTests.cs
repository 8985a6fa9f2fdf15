using OpenRouterSaaS.Application.Models.Access;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Models;
using static OpenRouterSaaS.UnitTests.Application.Models.TestCatalogue;

namespace OpenRouterSaaS.UnitTests.Application.Models;

/// <summary>The one decision every model call goes through, against the simulator's 17-model catalogue.</summary>
public sealed class ModelAccessPolicyTests
{
    private static readonly CatalogueSnapshot Catalogue = Snapshot();

    private static IReadOnlyList<string> Allowed(AllowListRules rules, CatalogueSnapshot? catalogue = null) =>
        [.. ModelAccessPolicy.AllowedModels(rules, catalogue ?? Catalogue).Select(model => model.Id)];

    private static ModelRefusal Refusal(AllowListRules rules, string model, params string[] fallbacks)
    {
        var decision = ModelAccessPolicy.Decide(rules, Catalogue, model, fallbacks);
        Assert.False(decision.IsAllowed, $"{model} was allowed");
        return decision.Refusal!;
    }

    // Patterns

    [Fact]
    public void An_exact_id_allows_that_model_and_no_other() =>
        Assert.Equal(["openai/gpt-4o"], Allowed(Listed("openai/gpt-4o")));

    [Fact]
    public void A_provider_pattern_allows_all_of_the_providers_models() =>
        Assert.Equal(["anthropic/claude-3.5-haiku", "anthropic/claude-sonnet-4"], Allowed(Listed("anthropic/*")));

    [Fact]
    public void A_suffix_pattern_allows_the_free_variants() =>
        Assert.Equal(["deepseek/deepseek-r1:free", "meta-llama/llama-3.3-70b-instruct:free"], Allowed(Listed("*:free")));

    [Fact]
    public void A_prefix_pattern_allows_the_family_and_not_its_neighbours() =>
        Assert.Equal(["openai/gpt-4o", "openai/gpt-4o-mini"], Allowed(Listed("openai/gpt-4o*")));

    [Fact]
    public void Two_provider_patterns_allow_exactly_those_two_providers() =>
        Assert.Equal(["anthropic", "google"], ModelAccessPolicy.AllowedModels(Listed("anthropic/*", "google/*"), Catalogue).Select(model => model.Provider).Distinct());

    [Fact]
    public void An_empty_allow_list_allows_nothing() => Assert.Empty(Allowed(Listed()));

    [Fact]
    public void A_model_no_pattern_matches_is_refused_as_not_listed()
    {
        var refusal = Refusal(Listed("anthropic/*"), "openai/gpt-4o");

        Assert.Equal(RefusalRule.NotListed, refusal.Rule);
        Assert.Equal("\"openai/gpt-4o\" is not on this tenant's allow-list.", refusal.Reason);
        Assert.Equal(ErrorKind.Forbidden, refusal.ToError().Kind);
    }

    [Fact]
    public void A_request_is_matched_ignoring_case_and_answered_with_the_catalogues_spelling()
    {
        var decision = ModelAccessPolicy.Decide(Listed("anthropic/*"), Catalogue, " Anthropic/Claude-Sonnet-4 ");

        Assert.True(decision.IsAllowed);
        Assert.Equal("anthropic/claude-sonnet-4", decision.Model);
        Assert.Null(decision.AutoRouterAllowedModels);
    }

    // Deny first

    [Fact]
    public void A_deny_pattern_wins_over_an_exact_allow()
    {
        var rules = Rules(ModelAccessMode.AllowListed, ["openai/gpt-4o", "anthropic/*"], deny: ["openai/*"]);

        var refusal = Refusal(rules, "openai/gpt-4o");

        Assert.Equal(RefusalRule.Denied, refusal.Rule);
        Assert.Equal("\"openai/gpt-4o\" is denied by the pattern \"openai/*\".", refusal.Reason);
        Assert.Equal(["anthropic/claude-3.5-haiku", "anthropic/claude-sonnet-4"], Allowed(rules));
    }

    [Fact]
    public void An_exact_deny_entry_is_named_as_such() =>
        Assert.Equal("\"anthropic/claude-sonnet-4\" is on this tenant's deny list.",
            Refusal(Rules(ModelAccessMode.AllowListed, ["anthropic/*"], deny: ["anthropic/claude-sonnet-4"]), "anthropic/claude-sonnet-4").Reason);

    [Fact]
    public void The_deny_list_applies_when_every_model_is_allowed()
    {
        var rules = AllowAll(deny: ["*:free", "x-ai/*"]);

        Assert.Equal(RefusalRule.Denied, Refusal(rules, "x-ai/grok-3-mini").Rule);
        Assert.DoesNotContain(Allowed(rules), id => id.EndsWith(":free", StringComparison.Ordinal) || id.StartsWith("x-ai/", StringComparison.Ordinal));
        Assert.Equal(14, Allowed(rules).Count);
    }

    [Fact]
    public void A_deny_star_refuses_everything_even_a_listed_model() =>
        Assert.Empty(Allowed(Rules(ModelAccessMode.AllowAll, [], deny: ["*"])));

    // Price ceilings

    [Fact]
    public void A_prompt_ceiling_refuses_a_dearer_model_naming_its_price_and_the_ceiling()
    {
        var rules = Rules(ModelAccessMode.AllowListed, ["anthropic/*"], maxPrompt: 1m);

        var refusal = Refusal(rules, "anthropic/claude-sonnet-4");

        Assert.Equal(RefusalRule.PromptPriceCeiling, refusal.Rule);
        Assert.Equal("\"anthropic/claude-sonnet-4\" costs $3.00 per million prompt tokens, above this tenant's ceiling of $1.00.", refusal.Reason);
        Assert.Equal(["anthropic/claude-3.5-haiku"], Allowed(rules));
    }

    [Fact]
    public void A_completion_ceiling_refuses_a_dearer_model()
    {
        var refusal = Refusal(Rules(ModelAccessMode.AllowListed, ["google/*"], maxCompletion: 5m), "google/gemini-2.5-pro");

        Assert.Equal(RefusalRule.CompletionPriceCeiling, refusal.Rule);
        Assert.Equal("\"google/gemini-2.5-pro\" costs $10.00 per million completion tokens, above this tenant's ceiling of $5.00.", refusal.Reason);
    }

    [Fact]
    public void A_model_priced_exactly_at_the_ceilings_is_allowed() =>
        Assert.Contains("anthropic/claude-3.5-haiku", Allowed(Rules(ModelAccessMode.AllowListed, ["anthropic/*"], maxPrompt: 0.8m, maxCompletion: 4m)));

    [Fact]
    public void Ceilings_of_zero_allow_only_free_models_and_the_auto_router_confined_to_them()
    {
        var rules = AllowAll(maxPrompt: 0m, maxCompletion: 0m);

        Assert.Equal(["deepseek/deepseek-r1:free", "meta-llama/llama-3.3-70b-instruct:free", "openrouter/auto"], Allowed(rules));
        Assert.Equal(["deepseek/deepseek-r1:free", "meta-llama/llama-3.3-70b-instruct:free"], ModelAccessPolicy.Decide(rules, Catalogue, "openrouter/auto").AutoRouterAllowedModels);
    }

    [Fact]
    public void Ceilings_apply_when_every_model_is_allowed()
    {
        var allowed = Allowed(AllowAll(maxPrompt: 0.5m, maxCompletion: 2m));

        Assert.Equal(
            ["deepseek/deepseek-chat", "deepseek/deepseek-r1:free", "meta-llama/llama-3.3-70b-instruct", "meta-llama/llama-3.3-70b-instruct:free",
             "mistralai/mistral-small-3.1-24b-instruct", "openai/gpt-4o-mini", "openrouter/auto", "qwen/qwen-2.5-72b-instruct", "x-ai/grok-3-mini"],
            allowed);
    }

    [Fact]
    public void A_model_without_a_fixed_price_is_refused_while_a_ceiling_is_set()
    {
        var catalogue = new CatalogueSnapshot([.. Catalogue.All, new CatalogueModel("acme/router", "Acme Router", null, new ModelPricing(null, null), [], SeenAt)]);
        var rules = Rules(ModelAccessMode.AllowListed, ["acme/*"], maxPrompt: 100m);

        var decision = ModelAccessPolicy.Decide(rules, catalogue, "acme/router");

        Assert.Equal(RefusalRule.VariablePrice, decision.Refusal!.Rule);
        Assert.Equal("\"acme/router\" has no fixed prompt price, so it cannot be held to the ceiling of $100.00 per million prompt tokens.", decision.Refusal.Reason);
        Assert.True(ModelAccessPolicy.Decide(Listed("acme/*"), catalogue, "acme/router").IsAllowed);
    }

    // Removed and unknown models

    [Fact]
    public void A_removed_model_is_refused_even_when_listed_exactly()
    {
        var catalogue = Snapshot(removed: "openai/gpt-4o");

        var decision = ModelAccessPolicy.Decide(Listed("openai/gpt-4o", "openai/*"), catalogue, "openai/gpt-4o");

        Assert.Equal(RefusalRule.RemovedModel, decision.Refusal!.Rule);
        Assert.Equal("\"openai/gpt-4o\" was removed from OpenRouter's catalogue on 2026-03-03.", decision.Refusal.Reason);
        Assert.Equal(ErrorKind.Invalid, decision.Refusal.ToError().Kind);
        Assert.DoesNotContain("openai/gpt-4o", Allowed(Listed("openai/*"), catalogue));
    }

    [Fact]
    public void An_unknown_model_is_refused_as_a_bad_request()
    {
        var refusal = Refusal(AllowAll(), "openai/gpt-9");

        Assert.Equal(RefusalRule.UnknownModel, refusal.Rule);
        Assert.Equal("\"openai/gpt-9\" is not a model in OpenRouter's catalogue.", refusal.Reason);
        Assert.Equal(ErrorKind.Invalid, refusal.ToError().Kind);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void A_request_naming_no_model_is_refused(string? model)
    {
        var decision = ModelAccessPolicy.Decide(AllowAll(), Catalogue, model);

        Assert.Equal((RefusalRule.NoModel, "The request names no model."), (decision.Refusal!.Rule, decision.Refusal.Reason));
    }

    // openrouter/auto

    [Theory]
    [InlineData("*")]
    [InlineData("openrouter/*")]
    [InlineData("*/auto")]
    [InlineData("openrouter/auto*")]
    public void The_auto_router_is_not_allowed_by_any_wildcard(string pattern)
    {
        var refusal = Refusal(Listed(pattern), "openrouter/auto");

        Assert.Equal(RefusalRule.AutoRouterNotListed, refusal.Rule);
        Assert.Equal("\"openrouter/auto\" is allowed only when the allow-list names it exactly; no wildcard allows it.", refusal.Reason);
    }

    [Fact]
    public void A_star_allows_every_concrete_model_but_not_the_auto_router() =>
        Assert.Equal(16, Allowed(Listed("*")).Count);

    [Fact]
    public void The_auto_router_listed_exactly_is_confined_to_the_allowed_models()
    {
        var decision = ModelAccessPolicy.Decide(Listed("openrouter/auto", "anthropic/*", "google/gemini-2.5-flash"), Catalogue, "openrouter/auto");

        Assert.True(decision.IsAllowed);
        Assert.Equal("openrouter/auto", decision.Model);
        Assert.Equal(["anthropic/claude-3.5-haiku", "anthropic/claude-sonnet-4", "google/gemini-2.5-flash"], decision.AutoRouterAllowedModels);
    }

    [Fact]
    public void The_auto_routers_models_leave_out_denied_and_too_dear_models_but_its_own_variable_price_is_no_refusal()
    {
        var rules = Rules(ModelAccessMode.AllowListed, ["openrouter/auto", "openai/*", "anthropic/*"], deny: ["openai/gpt-4.1"], maxPrompt: 2.5m, maxCompletion: 10m);

        var decision = ModelAccessPolicy.Decide(rules, Catalogue, "openrouter/auto");

        Assert.Equal(["anthropic/claude-3.5-haiku", "openai/gpt-4o", "openai/gpt-4o-mini"], decision.AutoRouterAllowedModels);
    }

    [Fact]
    public void The_auto_router_with_nothing_to_route_to_is_refused()
    {
        var refusal = Refusal(Rules(ModelAccessMode.AllowListed, ["openrouter/auto", "anthropic/*"], maxPrompt: 0.1m), "openrouter/auto");

        Assert.Equal(RefusalRule.NothingToRoute, refusal.Rule);
        Assert.Equal("\"openrouter/auto\" is listed, but no model with a fixed price is allowed for it to route to.", refusal.Reason);
    }

    [Fact]
    public void When_every_model_is_allowed_the_auto_router_is_too_and_routes_to_every_concrete_model()
    {
        var decision = ModelAccessPolicy.Decide(AllowAll(deny: ["x-ai/*"]), Catalogue, "openrouter/auto");

        Assert.True(decision.IsAllowed);
        Assert.Equal(15, decision.AutoRouterAllowedModels!.Count);
        Assert.DoesNotContain("openrouter/auto", decision.AutoRouterAllowedModels);
        Assert.DoesNotContain("x-ai/grok-3-mini", decision.AutoRouterAllowedModels);
    }

    [Fact]
    public void A_deny_pattern_keeps_the_auto_router_out_even_when_every_model_is_allowed() =>
        Assert.Equal(RefusalRule.Denied, Refusal(AllowAll(deny: ["openrouter/*"]), "openrouter/auto").Rule);

    [Fact]
    public void The_auto_router_never_routes_to_another_model_without_a_fixed_price()
    {
        var catalogue = new CatalogueSnapshot([.. Catalogue.All, new CatalogueModel("acme/router", "Acme Router", null, new ModelPricing(null, null), [], SeenAt)]);

        var decision = ModelAccessPolicy.Decide(Listed("openrouter/auto", "acme/*", "qwen/*"), catalogue, "openrouter/auto");

        Assert.Equal(["qwen/qwen-2.5-72b-instruct"], decision.AutoRouterAllowedModels);
    }

    [Fact]
    public void The_auto_router_appears_among_the_models_members_see_only_when_allowed()
    {
        Assert.DoesNotContain("openrouter/auto", Allowed(Listed("*")));
        Assert.Contains("openrouter/auto", Allowed(Listed("openrouter/auto", "*")));
    }

    // Fallback lists (models: [...])

    [Fact]
    public void A_fallback_list_of_allowed_models_is_allowed_in_the_catalogues_spelling()
    {
        var decision = ModelAccessPolicy.Decide(Listed("anthropic/*", "google/*"), Catalogue, "anthropic/claude-sonnet-4", ["Google/Gemini-2.5-Flash", "anthropic/claude-3.5-haiku"]);

        Assert.True(decision.IsAllowed);
        Assert.Equal(["google/gemini-2.5-flash", "anthropic/claude-3.5-haiku"], decision.FallbackModels);
    }

    [Fact]
    public void One_fallback_that_is_not_allowed_refuses_the_request_and_is_named()
    {
        var refusal = Refusal(Listed("anthropic/*"), "anthropic/claude-sonnet-4", "anthropic/claude-3.5-haiku", "openai/gpt-4o");

        Assert.Equal(("openai/gpt-4o", RefusalRule.NotListed), (refusal.ModelId, refusal.Rule));
    }

    [Fact]
    public void An_unknown_or_removed_fallback_refuses_the_request()
    {
        Assert.Equal(RefusalRule.UnknownModel, Refusal(AllowAll(), "openai/gpt-4o", "nobody/nothing").Rule);
        Assert.Equal(RefusalRule.RemovedModel,
            ModelAccessPolicy.Decide(AllowAll(), Snapshot(removed: "qwen/qwen-2.5-72b-instruct"), "openai/gpt-4o", ["qwen/qwen-2.5-72b-instruct"]).Refusal!.Rule);
    }

    [Fact]
    public void A_denied_fallback_refuses_the_request() =>
        Assert.Equal(RefusalRule.Denied, Refusal(AllowAll(deny: ["deepseek/*"]), "openai/gpt-4o", "deepseek/deepseek-chat").Rule);

    [Fact]
    public void A_fallback_list_alone_is_enough()
    {
        var decision = ModelAccessPolicy.Decide(Listed("*:free"), Catalogue, null, ["deepseek/deepseek-r1:free", "meta-llama/llama-3.3-70b-instruct:free"]);

        Assert.True(decision.IsAllowed);
        Assert.Null(decision.Model);
        Assert.Equal(2, decision.FallbackModels.Count);
    }

    [Fact]
    public void An_empty_entry_in_the_fallback_list_is_refused() =>
        Assert.Equal("The models list has an empty entry.", Refusal(AllowAll(), "openai/gpt-4o", " ").Reason);

    [Fact]
    public void The_auto_router_in_a_fallback_list_is_confined_too()
    {
        var decision = ModelAccessPolicy.Decide(Listed("openrouter/auto", "qwen/*"), Catalogue, "qwen/qwen-2.5-72b-instruct", ["openrouter/auto"]);

        Assert.Equal(["qwen/qwen-2.5-72b-instruct"], decision.AutoRouterAllowedModels);
    }

    // The default

    [Fact]
    public void The_default_allow_list_allows_the_free_models_only()
    {
        var rules = ModelAllowList.CreateDefault(Guid.CreateVersion7(), SeenAt).Rules;

        Assert.Equal(["deepseek/deepseek-r1:free", "meta-llama/llama-3.3-70b-instruct:free"], Allowed(rules));
        Assert.Equal(RefusalRule.AutoRouterNotListed, Refusal(rules, "openrouter/auto").Rule);
    }

    [Fact]
    public void The_verdicts_cover_every_listed_model_and_agree_with_the_allowed_list()
    {
        var rules = Listed("anthropic/*", "openrouter/auto");
        var catalogue = Snapshot(removed: "x-ai/grok-3-mini");

        var verdicts = ModelAccessPolicy.EvaluateAll(rules, catalogue);

        Assert.Equal(16, verdicts.Count);
        Assert.Equal(Allowed(rules, catalogue), verdicts.Where(verdict => verdict.IsAllowed).Select(verdict => verdict.Model.Id));
        Assert.All(verdicts.Where(verdict => verdict.IsAllowed), verdict => Assert.NotNull(verdict.AllowedBy));
    }
}
