using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.OpenRouter;
using OpenRouterSimulator;

namespace OpenRouterClient.Tests;

public sealed class KeyAndAccountTests
{
    [Fact]
    public async Task A_key_reads_its_label_limit_and_spend()
    {
        await using var harness = await ClientHarness.StartAsync();
        var key = harness.NewKey(limit: 5m, limitReset: "daily");
        var keys = harness.Get<IKeyDetailsSource>();

        var before = await keys.GetKeyDetailsAsync(key.Key);
        var chat = await harness.Get<IChatCompletions>().CompleteAsync(key.Key, ClientHarness.Chat("Spend a little"));
        var after = await keys.GetKeyDetailsAsync(key.Key);

        Assert.Equal(key.Label, before.Label);
        Assert.DoesNotContain(key.Key, before.Label, StringComparison.Ordinal);
        Assert.Equal((5m, 5m, KeyLimitReset.Daily, false, false), (before.Limit, before.LimitRemaining, before.LimitReset, before.IsManagementKey, before.IsFreeTier));
        Assert.Equal(new KeySpend(0m, 0m, 0m, 0m), before.Usage);
        Assert.Equal(chat.Usage!.Cost, after.Usage.Total);
        Assert.Equal(chat.Usage.Cost, after.Usage.Daily);
        Assert.Equal(5m - chat.Usage.Cost, after.LimitRemaining);
    }

    [Fact]
    public async Task A_management_key_says_so_and_an_unknown_key_is_invalid()
    {
        await using var harness = await ClientHarness.StartAsync();
        var keys = harness.Get<IKeyDetailsSource>();

        Assert.True((await keys.GetKeyDetailsAsync(harness.ManagementKey)).IsManagementKey);

        var unknown = "sk-or-v1-" + new string('0', 64);
        harness.Remember(unknown);
        var failure = await Assert.ThrowsAsync<OpenRouterException>(() => keys.GetKeyDetailsAsync(unknown));
        Assert.Equal((OpenRouterFailureKind.InvalidKey, 401), (failure.Kind, failure.StatusCode));
        Assert.DoesNotContain(unknown, failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credits_need_a_management_key()
    {
        await using var harness = await ClientHarness.StartAsync();
        var credits = harness.Get<ICreditsSource>();
        harness.State.SetCredits("demo", 42.5m);

        var account = await credits.GetCreditsAsync(harness.ManagementKey);
        Assert.Equal(42.5m, account.TotalCredits);
        Assert.Equal(account.TotalCredits - account.TotalUsage, account.Remaining);

        var failure = await Assert.ThrowsAsync<OpenRouterException>(() => credits.GetCreditsAsync(harness.UserKey));
        Assert.Equal((OpenRouterFailureKind.Forbidden, 403), (failure.Kind, failure.StatusCode));
        Assert.Contains("management", failure.OpenRouterMessage, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Activity_gives_yesterdays_spend_per_model_and_filters_by_day_and_key()
    {
        var clock = new ManualClock(new DateTimeOffset(2025, 6, 10, 12, 0, 0, TimeSpan.Zero));
        await using var harness = await ClientHarness.StartAsync(options => options.TimeProvider = clock);
        var key = harness.NewKey(account: "demo");
        var chat = await harness.Get<IChatCompletions>().CompleteAsync(key.Key, ClientHarness.Chat("Yesterday's work", "anthropic/claude-sonnet-4"));
        clock.Advance(TimeSpan.FromDays(1));
        var activity = harness.Get<IActivitySource>();

        var all = await activity.GetActivityAsync(harness.ManagementKey);
        var day = await activity.GetActivityAsync(harness.ManagementKey, new DateOnly(2025, 6, 10));
        var otherKey = await activity.GetActivityAsync(harness.ManagementKey, apiKeyHash: harness.NewKey(account: "demo").Hash);

        var row = Assert.Single(all);
        Assert.Equal((new DateOnly(2025, 6, 10), "anthropic/claude-sonnet-4", 1), (row.Date, row.Model, row.Requests));
        Assert.Equal(chat.Usage!.Cost, row.Usage);
        Assert.Equal(chat.Usage.PromptTokens, row.PromptTokens);
        Assert.Equal(row, Assert.Single(day));
        Assert.Empty(otherKey);

        var tooOld = await Assert.ThrowsAsync<OpenRouterException>(() => activity.GetActivityAsync(harness.ManagementKey, new DateOnly(2025, 1, 1)));
        Assert.Equal(OpenRouterFailureKind.BadRequest, tooOld.Kind);
        Assert.Contains("30", tooOld.OpenRouterMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_generation_is_not_yet_available_at_first_then_gives_the_billed_cost()
    {
        var clock = new ManualClock(new DateTimeOffset(2025, 6, 10, 12, 0, 0, TimeSpan.Zero));
        await using var harness = await ClientHarness.StartAsync(options =>
        {
            options.TimeProvider = clock;
            options.GenerationDelay = TimeSpan.FromSeconds(3);
        });
        var chat = await harness.Get<IChatCompletions>().CompleteAsync(harness.UserKey, ClientHarness.Chat("Look me up"));
        var generations = harness.Get<IGenerationSource>();

        var early = await generations.GetGenerationAsync(harness.UserKey, chat.GenerationId!);
        clock.Advance(TimeSpan.FromSeconds(3));
        var later = await generations.GetGenerationAsync(harness.UserKey, chat.GenerationId!);

        Assert.False(early.IsAvailable);
        Assert.Same(GenerationLookup.NotYetAvailable, early);
        Assert.Single(harness.Requests("/generation"), e => e.Status == 404);
        var record = later.Generation!;
        Assert.Equal((chat.GenerationId, chat.Model, chat.Usage!.Cost), (record.Id, record.Model, (decimal?)record.TotalCost));
        Assert.Equal((chat.Usage.PromptTokens, chat.Usage.CompletionTokens), (record.TokensPrompt, record.TokensCompletion));
        Assert.Equal(("OpenAI", false, false), (record.ProviderName, record.Streamed, record.Cancelled));
        Assert.NotNull(record.LatencyMs);
    }
}

/// <summary>A clock the test moves by hand.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
