namespace OpenRouterSimulator.Tests;

public sealed class AdminAndRequestLogTests
{
    [Fact]
    public async Task The_request_log_counts_requests_with_the_key_fingerprint_never_the_key()
    {
        await using var sim = await SimulatorHost.StartAsync();
        var key = sim.NewKey();

        for (var i = 0; i < 3; i++)
        {
            using var chat = await sim.ChatAsync(key.Key, Api.Chat($"Log {i}"));
        }

        using (var failed = await sim.ChatAsync(key.Key, Api.Chat("Log fail"), fault: "429"))
        {
            await failed.ErrorAsync(429);
        }

        using (var info = await sim.GetAsync("/api/v1/key", key.Key))
        {
            await info.Content.ReadAsStringAsync();
        }

        var mine = sim.State.RequestLog.Entries.Where(e => e.KeyFingerprint == key.Hash[..12]).ToList();
        Assert.Equal(5, mine.Count);
        Assert.Equal(4, mine.Count(e => e.Path == "/api/v1/chat/completions" && e.Method == "POST"));
        Assert.Equal(3, mine.Count(e => e.Status == 200 && e.GenerationId is not null && e.Model == "openai/gpt-4o"));
        Assert.Equal("429", Assert.Single(mine, e => e.Status == 429).Fault);

        using var response = await sim.GetAsync("/_sim/requests", null);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(key.Key, text, StringComparison.Ordinal);
        Assert.Contains(key.Hash[..12], text, StringComparison.Ordinal);
        var body = await response.JsonAsync();
        Assert.Equal(sim.State.RequestLog.TotalCount, body.GetProperty("total").GetInt64());
        var entry = body.GetProperty("entries")[0];
        foreach (var field in new[] { "method", "path", "key_fingerprint", "status", "time", "fault" })
        {
            Assert.True(entry.TryGetProperty(field, out _), field);
        }
    }

    [Fact]
    public async Task The_request_log_records_the_attribution_headers_as_sent()
    {
        await using var sim = await SimulatorHost.StartAsync();
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/models"))
        {
            request.Headers.Add("HTTP-Referer", "https://saas.example");
            request.Headers.Add("X-OpenRouter-Title", "Acme AI");
            request.Headers.Add("X-Title", "Acme AI (legacy)");
            using var response = await sim.Client.SendAsync(request);
            Assert.Equal(200, (int)response.StatusCode);
        }

        using (var plain = await sim.GetAsync("/api/v1/models", null))
        {
            Assert.Equal(200, (int)plain.StatusCode);
        }

        var entries = sim.State.RequestLog.Entries;
        Assert.Equal(("https://saas.example", "Acme AI", "Acme AI (legacy)"), (entries[0].HttpReferer, entries[0].Title, entries[0].LegacyTitle));
        Assert.Equal((null, null, null), (entries[1].HttpReferer, entries[1].Title, entries[1].LegacyTitle));

        using var log = await sim.GetAsync("/_sim/requests", null);
        var first = (await log.JsonAsync()).GetProperty("entries")[0];
        Assert.Equal("https://saas.example", first.GetProperty("http_referer").GetString());
        Assert.Equal("Acme AI", first.GetProperty("title").GetString());
        Assert.Equal("Acme AI (legacy)", first.GetProperty("legacy_title").GetString());
    }

    [Fact]
    public async Task The_request_log_keeps_chat_request_bodies_as_sent_only_when_asked()
    {
        await using var quiet = await SimulatorHost.StartAsync();
        await using var keeping = await SimulatorHost.StartAsync(options => options.LogRequestBodies = true);
        var json = Api.Chat("Remember me", extra: "\"provider\":{\"zdr\":true}");

        using (var response = await quiet.ChatAsync(quiet.Demo.UserKey, json))
        {
            Assert.Equal(200, (int)response.StatusCode);
        }

        using (var response = await keeping.ChatAsync(keeping.Demo.UserKey, json))
        {
            Assert.Equal(200, (int)response.StatusCode);
        }

        Assert.Null(Assert.Single(quiet.State.RequestLog.Entries).Body);
        Assert.Equal(json, Assert.Single(keeping.State.RequestLog.Entries).Body);
        using var log = await keeping.GetAsync("/_sim/requests", null);
        Assert.Equal(json, (await log.JsonAsync()).GetProperty("entries")[0].GetProperty("body").GetString());
    }

    [Fact]
    public async Task Deleting_the_request_log_clears_it()
    {
        await using var sim = await SimulatorHost.StartAsync();
        using (var models = await sim.GetAsync("/api/v1/models", null))
        {
            await models.Content.ReadAsStringAsync();
        }

        using (var cleared = await sim.SendAsync(HttpMethod.Delete, "/_sim/requests", null))
        {
            Assert.Equal(204, (int)cleared.StatusCode);
        }

        Assert.Empty(sim.State.RequestLog.Entries);
        Assert.Equal(0, sim.State.RequestLog.TotalCount);
    }

    [Fact]
    public async Task Sim_keys_mints_a_working_key_with_its_own_account_limit_and_credits()
    {
        await using var sim = await SimulatorHost.StartAsync();

        using var created = await sim.SendAsync(HttpMethod.Post, "/_sim/keys", null, """{"label":"bench","limit":3,"limit_reset":"monthly","credits":42}""");
        Assert.Equal(201, (int)created.StatusCode);
        var body = await created.JsonAsync();
        var secret = body.GetProperty("key").GetString()!;
        Assert.Matches("^sk-or-v1-[0-9a-f]{64}$", secret);
        Assert.Equal(64, body.GetProperty("hash").GetString()!.Length);

        using var chat = await sim.ChatAsync(secret, Api.Chat("Hello from a minted key"));
        Assert.Equal(200, (int)chat.StatusCode);

        using var manager = await sim.SendAsync(HttpMethod.Post, "/_sim/keys", null,
            $$"""{"management":true,"account":{{System.Text.Json.JsonSerializer.Serialize(body.GetProperty("account").GetString())}}}""");
        var managerKey = (await manager.JsonAsync()).GetProperty("key").GetString()!;
        using var credits = await sim.GetAsync("/api/v1/credits", managerKey);
        Assert.Equal(42m, (await credits.JsonAsync()).GetProperty("data").GetProperty("total_credits").GetDecimal());
    }

    [Theory]
    [InlineData("""{"limit_reset":"hourly"}""")]
    [InlineData("""{"key":"sk-or-v1-short"}""")]
    [InlineData("""{"limit":-2}""")]
    [InlineData("""{"label":""")]
    public async Task Sim_keys_refuses_bad_input_with_400(string json)
    {
        await using var sim = await SimulatorHost.StartAsync();

        using var response = await sim.SendAsync(HttpMethod.Post, "/_sim/keys", null, json);

        await response.ErrorAsync(400);
    }

    [Fact]
    public async Task Reset_forgets_minted_keys_generations_and_usage_but_keeps_the_seeded_keys()
    {
        await using var sim = await SimulatorHost.StartAsync();
        var minted = sim.NewKey();
        using var chat = await sim.ChatAsync(sim.Demo.UserKey, Api.Chat("Before reset"));
        var id = (await chat.JsonAsync()).GetProperty("id").GetString();

        using (var reset = await sim.SendAsync(HttpMethod.Post, "/_sim/reset", null))
        {
            Assert.Equal(204, (int)reset.StatusCode);
        }

        using var gone = await sim.GetAsync("/api/v1/key", minted.Key);
        await gone.ErrorAsync(401);
        using var info = await sim.GetAsync("/api/v1/key", sim.Demo.UserKey);
        Assert.Equal(0m, (await info.JsonAsync()).GetProperty("data").GetProperty("usage").GetDecimal());
        using var generation = await sim.GetAsync($"/api/v1/generation?id={id}", sim.Demo.UserKey);
        await generation.ErrorAsync(404);
        Assert.Equal(3, sim.State.RequestLog.Entries.Count);
    }

    [Fact]
    public async Task Health_answers_ok()
    {
        await using var sim = await SimulatorHost.StartAsync();

        using var response = await sim.GetAsync("/_sim/health", null);

        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
    }
}
