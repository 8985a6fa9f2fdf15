using System.Text.Json;

namespace OpenRouterSimulator.Tests;

public sealed class ManagementTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 10, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("/api/v1/credits")]
    [InlineData("/api/v1/activity")]
    [InlineData("/api/v1/keys")]
    public async Task Management_endpoints_refuse_a_normal_key_with_403(string path)
    {
        await using var sim = await SimulatorHost.StartAsync();

        using var response = await sim.GetAsync(path, sim.Demo.UserKey);

        var error = await response.ErrorAsync(403);
        Assert.Equal("Only management keys can perform this operation", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Credits_show_the_accounts_credits_and_everything_its_keys_spent()
    {
        await using var sim = await SimulatorHost.StartAsync();
        var manager = sim.NewKey(management: true, account: "acme", credits: 25m);
        var worker = sim.NewKey(account: "acme");
        decimal spent = 0;
        for (var i = 0; i < 3; i++)
        {
            using var chat = await sim.ChatAsync(worker.Key, Api.Chat($"Question {i}"));
            spent += (await chat.JsonAsync()).GetProperty("usage").GetProperty("cost").GetDecimal();
        }

        using var response = await sim.GetAsync("/api/v1/credits", manager.Key);
        var data = (await response.JsonAsync()).GetProperty("data");

        Assert.Equal(25m, data.GetProperty("total_credits").GetDecimal());
        Assert.Equal(spent, data.GetProperty("total_usage").GetDecimal());
    }

    [Fact]
    public async Task Activity_reports_completed_days_per_model_and_leaves_today_out()
    {
        var clock = new ManualClock(Start);
        await using var sim = await SimulatorHost.StartAsync(o => o.TimeProvider = clock);
        var manager = sim.NewKey(management: true, account: "acme");
        var worker = sim.NewKey(account: "acme");
        var other = sim.NewKey(account: "acme");
        var day1 = await SpendAsync(sim, worker.Key, "openai/gpt-4o", 2);
        day1 = day1.Plus(await SpendAsync(sim, other.Key, "openai/gpt-4o", 1));
        var day1Claude = await SpendAsync(sim, worker.Key, "anthropic/claude-3.5-haiku", 1);
        clock.Advance(TimeSpan.FromDays(1));
        var day2 = await SpendAsync(sim, worker.Key, "openai/gpt-4o", 1);

        using (var sameDay = await sim.GetAsync("/api/v1/activity", manager.Key))
        {
            Assert.Equal(2, (await sameDay.JsonAsync()).GetProperty("data").GetArrayLength());
        }

        clock.Advance(TimeSpan.FromDays(1));
        using var response = await sim.GetAsync("/api/v1/activity", manager.Key);
        var rows = (await response.JsonAsync()).GetProperty("data").EnumerateArray().ToList();

        Assert.Equal(3, rows.Count);
        var gptDay1 = rows.Single(r => r.GetProperty("date").GetString() == "2026-03-10" && r.GetProperty("model").GetString() == "openai/gpt-4o");
        day1.AssertMatches(gptDay1);
        day1Claude.AssertMatches(rows.Single(r => r.GetProperty("date").GetString() == "2026-03-10" && r.GetProperty("model").GetString() == "anthropic/claude-3.5-haiku"));
        day2.AssertMatches(rows.Single(r => r.GetProperty("date").GetString() == "2026-03-11"));
        Assert.Equal("OpenAI", gptDay1.GetProperty("provider_name").GetString());
        Assert.Equal("openai/gpt-4o", gptDay1.GetProperty("model_permaslug").GetString());
        Assert.True(Guid.TryParse(gptDay1.GetProperty("endpoint_id").GetString(), out _));
        Assert.Equal(0m, gptDay1.GetProperty("byok_usage_inference").GetDecimal());

        using var oneDay = await sim.GetAsync("/api/v1/activity?date=2026-03-11", manager.Key);
        Assert.Equal(1, (await oneDay.JsonAsync()).GetProperty("data").GetArrayLength());
        using var oneKey = await sim.GetAsync($"/api/v1/activity?api_key_hash={other.Hash}", manager.Key);
        var otherRow = Assert.Single((await oneKey.JsonAsync()).GetProperty("data").EnumerateArray());
        Assert.Equal(1, otherRow.GetProperty("requests").GetInt32());
    }

    [Theory]
    [InlineData("2026-13-01")]
    [InlineData("yesterday")]
    [InlineData("2026-03-12")]
    [InlineData("2026-01-01")]
    public async Task Activity_refuses_a_date_outside_the_last_30_completed_days(string date)
    {
        await using var sim = await SimulatorHost.StartAsync(o => o.TimeProvider = new ManualClock(Start.AddDays(2)));

        using var response = await sim.GetAsync($"/api/v1/activity?date={date}", sim.Demo.ManagementKey);

        await response.ErrorAsync(400);
    }

    [Fact]
    public async Task A_management_key_mints_lists_updates_and_deletes_keys()
    {
        await using var sim = await SimulatorHost.StartAsync();
        var manager = sim.Demo.ManagementKey;

        using var created = await sim.SendAsync(HttpMethod.Post, "/api/v1/keys", manager, """{"name":"Team Alpha","limit":2.5,"limit_reset":"weekly"}""");
        Assert.Equal(201, (int)created.StatusCode);
        var createdBody = await created.JsonAsync();
        var secret = createdBody.GetProperty("key").GetString()!;
        var data = createdBody.GetProperty("data");
        var hash = data.GetProperty("hash").GetString()!;
        Assert.Matches("^sk-or-v1-[0-9a-f]{64}$", secret);
        Assert.Matches("^[0-9a-f]{64}$", hash);
        Assert.Equal("Team Alpha", data.GetProperty("name").GetString());
        Assert.Equal(2.5m, data.GetProperty("limit").GetDecimal());
        Assert.Equal(2.5m, data.GetProperty("limit_remaining").GetDecimal());
        Assert.Equal("weekly", data.GetProperty("limit_reset").GetString());
        Assert.False(data.GetProperty("disabled").GetBoolean());
        Assert.False(data.TryGetProperty("key", out _));

        using (var chat = await sim.ChatAsync(secret, Api.Chat("The minted key works")))
        {
            Assert.Equal(200, (int)chat.StatusCode);
        }

        using (var list = await sim.GetAsync("/api/v1/keys", manager))
        {
            var keys = (await list.JsonAsync()).GetProperty("data").EnumerateArray().ToList();
            var listed = Assert.Single(keys, k => k.GetProperty("hash").GetString() == hash);
            Assert.True(listed.GetProperty("usage").GetDecimal() > 0m);
            Assert.DoesNotContain(keys, k => k.TryGetProperty("key", out _));
        }

        using (var patched = await sim.SendAsync(HttpMethod.Patch, $"/api/v1/keys/{hash}", manager, """{"name":"Team Beta","limit":null,"limit_reset":null,"disabled":true}"""))
        {
            var patchedData = (await patched.JsonAsync()).GetProperty("data");
            Assert.Equal("Team Beta", patchedData.GetProperty("name").GetString());
            Assert.Equal(JsonValueKind.Null, patchedData.GetProperty("limit").ValueKind);
            Assert.Equal(JsonValueKind.Null, patchedData.GetProperty("limit_reset").ValueKind);
            Assert.True(patchedData.GetProperty("disabled").GetBoolean());
            Assert.NotEqual(JsonValueKind.Null, patchedData.GetProperty("updated_at").ValueKind);
        }

        using (var disabled = await sim.ChatAsync(secret, Api.Chat("Disabled now")))
        {
            await disabled.ErrorAsync(401);
        }

        using (var hidden = await sim.GetAsync("/api/v1/keys", manager))
        {
            Assert.DoesNotContain((await hidden.JsonAsync()).GetProperty("data").EnumerateArray(), k => k.GetProperty("hash").GetString() == hash);
        }

        using (var shown = await sim.GetAsync("/api/v1/keys?include_disabled=true", manager))
        {
            Assert.Contains((await shown.JsonAsync()).GetProperty("data").EnumerateArray(), k => k.GetProperty("hash").GetString() == hash);
        }

        using (var one = await sim.GetAsync($"/api/v1/keys/{hash}", manager))
        {
            Assert.Equal("Team Beta", (await one.JsonAsync()).GetProperty("data").GetProperty("name").GetString());
        }

        using (var deleted = await sim.SendAsync(HttpMethod.Delete, $"/api/v1/keys/{hash}", manager))
        {
            Assert.True((await deleted.JsonAsync()).GetProperty("deleted").GetBoolean());
        }

        using (var gone = await sim.GetAsync($"/api/v1/keys/{hash}", manager))
        {
            await gone.ErrorAsync(404);
        }

        using var unknown = await sim.GetAsync("/api/v1/key", secret);
        await unknown.ErrorAsync(401);
    }

    [Theory]
    [InlineData("""{"limit":1}""")]
    [InlineData("""{"name":""}""")]
    [InlineData("""{"name":"x","limit":-1}""")]
    [InlineData("""{"name":"x","limit":"ten"}""")]
    [InlineData("""{"name":"x","limit_reset":"yearly"}""")]
    [InlineData("""{"name":"x","expires_at":"2020-01-01T00:00:00Z"}""")]
    [InlineData("""{"name":"x","expires_at":"2030-01-01T00:00:00+02:00"}""")]
    [InlineData("""[1,2]""")]
    [InlineData("""{"name":""")]
    public async Task Creating_a_key_with_bad_input_is_a_400_and_creates_nothing(string json)
    {
        await using var sim = await SimulatorHost.StartAsync();

        using var response = await sim.SendAsync(HttpMethod.Post, "/api/v1/keys", sim.Demo.ManagementKey, json);

        await response.ErrorAsync(400);
        using var list = await sim.GetAsync("/api/v1/keys?include_disabled=true", sim.Demo.ManagementKey);
        Assert.Equal(1, (await list.JsonAsync()).GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task A_key_cannot_touch_another_accounts_keys()
    {
        await using var sim = await SimulatorHost.StartAsync();
        var stranger = sim.NewKey(account: "elsewhere");

        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Delete })
        {
            using var response = await sim.SendAsync(method, $"/api/v1/keys/{stranger.Hash}", sim.Demo.ManagementKey);
            await response.ErrorAsync(404);
        }

        using var stillThere = await sim.GetAsync("/api/v1/key", stranger.Key);
        Assert.Equal(200, (int)stillThere.StatusCode);
    }

    [Fact]
    public async Task A_minted_keys_limit_stops_it_with_402_until_the_limit_resets()
    {
        var clock = new ManualClock(Start);
        await using var sim = await SimulatorHost.StartAsync(o => o.TimeProvider = clock);
        using var created = await sim.SendAsync(HttpMethod.Post, "/api/v1/keys", sim.Demo.ManagementKey, """{"name":"tiny","limit":0.0005,"limit_reset":"daily"}""");
        var secret = (await created.JsonAsync()).GetProperty("key").GetString()!;

        var answered = 0;
        while (true)
        {
            using var chat = await sim.ChatAsync(secret, Api.Chat($"Spend {answered}"));
            if ((int)chat.StatusCode == 402)
            {
                var error = await chat.ErrorAsync(402);
                Assert.Contains("limit", error.GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);
                break;
            }

            Assert.Equal(200, (int)chat.StatusCode);
            Assert.True(++answered < 20, "the limit never stopped the key");
        }

        Assert.True(answered >= 1);
        using (var info = await sim.GetAsync("/api/v1/key", secret))
        {
            Assert.Equal(0m, (await info.JsonAsync()).GetProperty("data").GetProperty("limit_remaining").GetDecimal());
        }

        using (var free = await sim.ChatAsync(secret, Api.Chat("Free?", "deepseek/deepseek-r1:free")))
        {
            await free.ErrorAsync(402);
        }

        clock.Advance(TimeSpan.FromDays(1));
        using var nextDay = await sim.ChatAsync(secret, Api.Chat("A new day"));
        Assert.Equal(200, (int)nextDay.StatusCode);
    }

    [Fact]
    public async Task An_account_out_of_credits_gets_402_for_paid_models_but_free_models_still_answer()
    {
        await using var sim = await SimulatorHost.StartAsync();
        var key = sim.NewKey(account: "broke", credits: 0m);

        using var paid = await sim.ChatAsync(key.Key, Api.Chat("Hi"));
        var error = await paid.ErrorAsync(402);
        Assert.Contains("credits", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        using var free = await sim.ChatAsync(key.Key, Api.Chat("Hi", "meta-llama/llama-3.3-70b-instruct:free"));
        Assert.Equal(200, (int)free.StatusCode);
        using var info = await sim.GetAsync("/api/v1/key", key.Key);
        Assert.True((await info.JsonAsync()).GetProperty("data").GetProperty("is_free_tier").GetBoolean());
    }

    private static async Task<Spend> SpendAsync(SimulatorHost sim, string key, string model, int requests)
    {
        var spend = new Spend(0m, 0, 0, 0);
        for (var i = 0; i < requests; i++)
        {
            using var chat = await sim.ChatAsync(key, Api.Chat($"{model} {i} {Guid.NewGuid()}", model));
            var usage = (await chat.JsonAsync()).GetProperty("usage");
            spend = spend.Plus(new Spend(usage.GetProperty("cost").GetDecimal(), 1, usage.GetProperty("prompt_tokens").GetInt32(), usage.GetProperty("completion_tokens").GetInt32()));
        }

        return spend;
    }

    private sealed record Spend(decimal Cost, int Requests, int Prompt, int Completion)
    {
        public Spend Plus(Spend other) => new(Cost + other.Cost, Requests + other.Requests, Prompt + other.Prompt, Completion + other.Completion);

        public void AssertMatches(JsonElement row)
        {
            Assert.Equal(Cost, row.GetProperty("usage").GetDecimal());
            Assert.Equal(Requests, row.GetProperty("requests").GetInt32());
            Assert.Equal(Prompt, row.GetProperty("prompt_tokens").GetInt32());
            Assert.Equal(Completion, row.GetProperty("completion_tokens").GetInt32());
            Assert.Equal(0, row.GetProperty("reasoning_tokens").GetInt32());
        }
    }
}
