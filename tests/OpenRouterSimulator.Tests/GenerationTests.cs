using System.Text.Json;

namespace OpenRouterSimulator.Tests;

public sealed class GenerationTests
{
    private static readonly DateTimeOffset Noon = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_generation_is_404_for_a_while_then_the_record_matches_the_response()
    {
        var clock = new ManualClock(Noon);
        await using var sim = await SimulatorHost.StartAsync(o =>
        {
            o.GenerationDelay = TimeSpan.FromSeconds(2);
            o.TimeProvider = clock;
        });
        using var chat = await sim.ChatAsync(sim.Demo.UserKey, Api.Chat("Record me", "anthropic/claude-sonnet-4"));
        var body = await chat.JsonAsync();
        var id = body.GetProperty("id").GetString()!;

        using (var early = await sim.GetAsync($"/api/v1/generation?id={id}", sim.Demo.UserKey))
        {
            await early.ErrorAsync(404);
        }

        clock.Advance(TimeSpan.FromSeconds(2));
        using var later = await sim.GetAsync($"/api/v1/generation?id={id}", sim.Demo.UserKey);
        Assert.Equal(200, (int)later.StatusCode);
        var data = (await later.JsonAsync()).GetProperty("data");
        var usage = body.GetProperty("usage");
        Assert.Equal(id, data.GetProperty("id").GetString());
        Assert.Equal("anthropic/claude-sonnet-4", data.GetProperty("model").GetString());
        Assert.Equal("Anthropic", data.GetProperty("provider_name").GetString());
        Assert.Equal(usage.GetProperty("cost").GetDecimal(), data.GetProperty("total_cost").GetDecimal());
        Assert.Equal(usage.GetProperty("cost").GetDecimal(), data.GetProperty("usage").GetDecimal());
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt32(), data.GetProperty("tokens_prompt").GetInt32());
        Assert.Equal(usage.GetProperty("completion_tokens").GetInt32(), data.GetProperty("tokens_completion").GetInt32());
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt32(), data.GetProperty("native_tokens_prompt").GetInt32());
        Assert.Equal(usage.GetProperty("completion_tokens").GetInt32(), data.GetProperty("native_tokens_completion").GetInt32());
        Assert.False(data.GetProperty("streamed").GetBoolean());
        Assert.False(data.GetProperty("cancelled").GetBoolean());
        Assert.False(data.GetProperty("is_byok").GetBoolean());
        Assert.Equal("stop", data.GetProperty("finish_reason").GetString());
        Assert.Equal("end_turn", data.GetProperty("native_finish_reason").GetString());
        Assert.StartsWith("2026-03-10T12:00:00", data.GetProperty("created_at").GetString(), StringComparison.Ordinal);
        foreach (var field in new[]
        {
            "upstream_id", "cache_discount", "app_id", "origin", "latency", "moderation_latency", "generation_time",
            "native_tokens_reasoning", "native_tokens_cached", "num_media_prompt", "num_media_completion", "num_search_results", "api_type",
        })
        {
            Assert.True(data.TryGetProperty(field, out _), field);
        }
    }

    [Fact]
    public async Task Only_the_key_that_made_it_or_a_management_key_of_its_account_may_read_a_generation()
    {
        await using var sim = await SimulatorHost.StartAsync();
        using var chat = await sim.ChatAsync(sim.Demo.UserKey, Api.Chat("Mine"));
        var id = (await chat.JsonAsync()).GetProperty("id").GetString()!;
        var sameAccount = sim.NewKey(account: "demo");
        var otherManager = sim.NewKey(management: true);

        using (var own = await sim.GetAsync($"/api/v1/generation?id={id}", sim.Demo.UserKey))
        {
            Assert.Equal(200, (int)own.StatusCode);
        }

        using (var manager = await sim.GetAsync($"/api/v1/generation?id={id}", sim.Demo.ManagementKey))
        {
            Assert.Equal(200, (int)manager.StatusCode);
        }

        using (var sibling = await sim.GetAsync($"/api/v1/generation?id={id}", sameAccount.Key))
        {
            await sibling.ErrorAsync(404);
        }

        using var stranger = await sim.GetAsync($"/api/v1/generation?id={id}", otherManager.Key);
        await stranger.ErrorAsync(404);
    }

    [Fact]
    public async Task A_streamed_auto_routed_generation_records_the_router()
    {
        await using var sim = await SimulatorHost.StartAsync();
        using var chat = await sim.ChatAsync(sim.Demo.UserKey, Api.Chat("Auto stream", "openrouter/auto", stream: true));
        var stream = await SseStream.ReadAsync(chat);
        var id = stream.Chunks[0].GetProperty("id").GetString()!;

        using var response = await sim.GetAsync($"/api/v1/generation?id={id}", sim.Demo.UserKey);
        var data = (await response.JsonAsync()).GetProperty("data");

        Assert.True(data.GetProperty("streamed").GetBoolean());
        Assert.Equal("openrouter/auto", data.GetProperty("router").GetString());
        Assert.Equal(stream.Chunks[0].GetProperty("model").GetString(), data.GetProperty("model").GetString());
        Assert.Equal(stream.Chunks[^1].GetProperty("usage").GetProperty("cost").GetDecimal(), data.GetProperty("total_cost").GetDecimal());
    }

    [Fact]
    public async Task Cost_drift_bills_the_generation_more_or_less_than_the_response_said()
    {
        var clock = new ManualClock(Noon);
        await using var sim = await SimulatorHost.StartAsync(o => o.TimeProvider = clock);
        var key = sim.NewKey(account: "drift", credits: 10m);
        var manager = sim.NewKey(management: true, account: "drift");

        using var more = await sim.ChatAsync(key.Key, Api.Chat("Bill me more [[sim:fault=cost-drift=0.0015]]", "openai/gpt-4o"));
        using var less = await sim.ChatAsync(key.Key, Api.Chat("Bill me less", "openai/gpt-4o", stream: true), fault: "cost-drift=-1");
        var moreBody = await more.JsonAsync();
        var stream = await SseStream.ReadAsync(less);
        var moreRecord = await PollGenerationAsync(sim, key.Key, moreBody.GetProperty("id").GetString()!);
        var lessRecord = await PollGenerationAsync(sim, key.Key, stream.Chunks[0].GetProperty("id").GetString()!);

        var moreCost = moreBody.GetProperty("usage").GetProperty("cost").GetDecimal();
        Assert.True(stream.Chunks[^1].GetProperty("usage").GetProperty("cost").GetDecimal() > 0m);
        Assert.Equal(moreCost + 0.0015m, moreRecord.GetProperty("total_cost").GetDecimal());
        Assert.Equal(0m, lessRecord.GetProperty("total_cost").GetDecimal());
        clock.Advance(TimeSpan.FromDays(1));
        using var activity = await sim.GetAsync("/api/v1/activity", manager.Key);
        var day = Assert.Single((await activity.JsonAsync()).GetProperty("data").EnumerateArray());
        Assert.Equal(moreCost + 0.0015m, day.GetProperty("usage").GetDecimal());
        Assert.Equal(2, day.GetProperty("requests").GetInt32());
    }

    [Fact]
    public async Task A_malformed_cost_drift_is_a_400()
    {
        await using var sim = await SimulatorHost.StartAsync();

        using var response = await sim.ChatAsync(sim.Demo.UserKey, Api.Chat("Hi"), fault: "cost-drift=lots");

        var error = await response.ErrorAsync(400);
        Assert.Contains("cost-drift=<usd>", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_generation_is_404_and_a_missing_id_is_400()
    {
        await using var sim = await SimulatorHost.StartAsync();

        using var unknown = await sim.GetAsync("/api/v1/generation?id=gen-0-nothing", sim.Demo.UserKey);
        await unknown.ErrorAsync(404);
        using var missing = await sim.GetAsync("/api/v1/generation", sim.Demo.UserKey);
        await missing.ErrorAsync(400);
    }

    [Fact]
    public async Task A_client_that_disconnects_leaves_a_cancelled_generation_billed_for_what_was_sent()
    {
        await using var sim = await SimulatorHost.StartAsync(o =>
        {
            o.ChunkDelay = TimeSpan.FromMilliseconds(20);
            o.MinReplyWords = 400;
            o.MaxReplyWords = 400;
        });
        var key = sim.NewKey();
        string id;
        using (var response = await sim.ChatAsync(key.Key, Api.Chat("Never mind", stream: true)))
        {
            id = Assert.Single(response.Headers.GetValues("X-Generation-Id"));
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            var dataLines = 0;
            while (dataLines < 3 && await reader.ReadLineAsync() is { } line)
            {
                dataLines += line.StartsWith("data: ", StringComparison.Ordinal) ? 1 : 0;
            }
        }

        var data = await PollGenerationAsync(sim, key.Key, id);
        Assert.True(data.GetProperty("cancelled").GetBoolean());
        Assert.True(data.GetProperty("streamed").GetBoolean());
        var completion = data.GetProperty("tokens_completion").GetInt32();
        Assert.InRange(completion, 3, 399);
        Assert.Equal(
            (data.GetProperty("tokens_prompt").GetInt32() * 0.0000025m) + (completion * 0.00001m),
            data.GetProperty("total_cost").GetDecimal());

        using var keyInfo = await sim.GetAsync("/api/v1/key", key.Key);
        Assert.Equal(data.GetProperty("total_cost").GetDecimal(), (await keyInfo.JsonAsync()).GetProperty("data").GetProperty("usage").GetDecimal());
        static bool IsTheStream(OpenRouterSimulator.RequestLogging.RequestLogEntry e, string id) => e.GenerationId == id && e.Method == "POST";
        for (var i = 0; i < 100 && !sim.State.RequestLog.Entries.Any(e => IsTheStream(e, id)); i++)
        {
            await Task.Delay(20);
        }

        var logged = sim.State.RequestLog.Entries.Single(e => IsTheStream(e, id));
        Assert.Equal(200, logged.Status);
        Assert.True(logged.Aborted);
    }

    private static async Task<JsonElement> PollGenerationAsync(SimulatorHost sim, string key, string id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            using var response = await sim.GetAsync($"/api/v1/generation?id={id}", key);
            if ((int)response.StatusCode == 200)
            {
                return (await response.JsonAsync()).GetProperty("data");
            }

            Assert.True(DateTime.UtcNow < deadline, $"the generation {id} was never recorded");
            await Task.Delay(50);
        }
    }
}
