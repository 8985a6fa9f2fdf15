using System.Diagnostics;
using System.Text.Json;

namespace OpenRouterSimulator.Tests;

public sealed class FaultTests : IAsyncLifetime
{
    private SimulatorHost _sim = null!;

    public async Task InitializeAsync() => _sim = await SimulatorHost.StartAsync();

    public async Task DisposeAsync() => await _sim.DisposeAsync();

    public static TheoryData<int, bool> StatusFaults()
    {
        var data = new TheoryData<int, bool>();
        foreach (var status in new[] { 400, 401, 402, 403, 408, 429, 500, 502, 503 })
        {
            data.Add(status, true);
            data.Add(status, false);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(StatusFaults))]
    public async Task A_status_fault_answers_that_status_in_OpenRouters_error_shape(int status, bool byHeader)
    {
        var key = _sim.NewKey();
        using var response = byHeader
            ? await _sim.ChatAsync(key.Key, Api.Chat("Please fail"), fault: status.ToString(System.Globalization.CultureInfo.InvariantCulture))
            : await _sim.ChatAsync(key.Key, Api.Chat($"Please fail [[sim:fault={status}]]"));

        await response.ErrorAsync(status);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(status.ToString(System.Globalization.CultureInfo.InvariantCulture), _sim.State.RequestLog.Entries.Last(e => e.KeyFingerprint == key.Hash[..12]).Fault);
        using var info = await _sim.GetAsync("/api/v1/key", key.Key);
        Assert.Equal(0m, (await info.JsonAsync()).GetProperty("data").GetProperty("usage").GetDecimal());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_429_carries_Retry_After(bool byHeader)
    {
        using var configured = byHeader
            ? await _sim.ChatAsync(_sim.Demo.UserKey, Api.Chat("Slow down"), fault: "429;retry-after=7")
            : await _sim.ChatAsync(_sim.Demo.UserKey, Api.Chat("Slow down [[sim:fault=429;retry-after=7]]"));
        using var defaulted = await _sim.ChatAsync(_sim.Demo.UserKey, Api.Chat("Slow down"), fault: "429");

        var error = await configured.ErrorAsync(429);
        Assert.Equal(TimeSpan.FromSeconds(7), configured.Headers.RetryAfter!.Delta);
        Assert.Equal("rate_limit_exceeded", error.GetProperty("metadata").GetProperty("error_type").GetString());
        Assert.Equal(TimeSpan.FromSeconds(1), defaulted.Headers.RetryAfter!.Delta);
    }

    [Fact]
    public async Task A_403_is_a_moderation_flag_with_reasons_and_the_flagged_input()
    {
        using var response = await _sim.ChatAsync(_sim.Demo.UserKey, Api.Chat("Something rude [[sim:fault=403]]"));

        var metadata = (await response.ErrorAsync(403)).GetProperty("metadata");
        Assert.Equal("harassment", Assert.Single(metadata.GetProperty("reasons").EnumerateArray()).GetString());
        Assert.Contains("Something rude", metadata.GetProperty("flagged_input").GetString(), StringComparison.Ordinal);
        Assert.Equal("openai/gpt-4o", metadata.GetProperty("model_slug").GetString());
        Assert.Equal("OpenAI", metadata.GetProperty("provider_name").GetString());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Latency_delays_the_answer(bool byHeader)
    {
        var watch = Stopwatch.StartNew();
        using var response = byHeader
            ? await _sim.ChatAsync(_sim.Demo.UserKey, Api.Chat("Take your time"), fault: "latency=300")
            : await _sim.ChatAsync(_sim.Demo.UserKey, Api.Chat("Take your time [[sim:fault=latency=300]]"));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.True(watch.ElapsedMilliseconds >= 290, $"took {watch.ElapsedMilliseconds} ms");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Stream_error_sends_an_error_chunk_after_some_content_with_status_200(bool byHeader)
    {
        var key = _sim.NewKey();
        using var response = byHeader
            ? await _sim.ChatAsync(key.Key, Api.Chat("Break midway", stream: true), fault: "stream-error")
            : await _sim.ChatAsync(key.Key, Api.Chat("Break midway [[sim:fault=stream-error]]", stream: true));

        Assert.Equal(200, (int)response.StatusCode);
        var stream = await SseStream.ReadAsync(response);
        Assert.Equal("error", stream.Order[^1]);
        Assert.False(stream.Done);
        Assert.True(stream.Order.Count(o => o == "chunk") >= 1, "some content came first");
        var last = stream.Chunks[^1];
        Assert.Equal(502, last.GetProperty("error").GetProperty("code").GetInt32());
        Assert.False(string.IsNullOrEmpty(last.GetProperty("error").GetProperty("message").GetString()));
        var choice = last.GetProperty("choices")[0];
        Assert.Equal("error", choice.GetProperty("finish_reason").GetString());
        Assert.Equal("", choice.GetProperty("delta").GetProperty("content").GetString());

        var id = last.GetProperty("id").GetString()!;
        using var generation = await _sim.GetAsync($"/api/v1/generation?id={id}", key.Key);
        var data = (await generation.JsonAsync()).GetProperty("data");
        Assert.Equal("error", data.GetProperty("finish_reason").GetString());
        Assert.Equal(stream.Content.Split(' ').Length, data.GetProperty("tokens_completion").GetInt32());
    }

    [Fact]
    public async Task Stream_error_without_streaming_returns_partial_content_and_the_error_on_the_choice()
    {
        using var response = await _sim.ChatAsync(_sim.Demo.UserKey, Api.Chat("Break [[sim:fault=stream-error]]"));

        Assert.Equal(200, (int)response.StatusCode);
        var choice = (await response.JsonAsync()).GetProperty("choices")[0];
        Assert.Equal("error", choice.GetProperty("finish_reason").GetString());
        Assert.Equal(502, choice.GetProperty("error").GetProperty("code").GetInt32());
        Assert.False(string.IsNullOrEmpty(choice.GetProperty("message").GetProperty("content").GetString()));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Drop_aborts_the_connection_mid_stream(bool byHeader)
    {
        using var response = byHeader
            ? await _sim.ChatAsync(_sim.Demo.UserKey, Api.Chat("Cut me off", stream: true), fault: "drop")
            : await _sim.ChatAsync(_sim.Demo.UserKey, Api.Chat("Cut me off [[sim:fault=drop]]", stream: true));

        Assert.Equal(200, (int)response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var dataLines = 0;
        var failure = await Record.ExceptionAsync(async () =>
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                dataLines += line.StartsWith("data: ", StringComparison.Ordinal) ? 1 : 0;
            }
        });

        Assert.IsAssignableFrom<IOException>(failure);
        Assert.InRange(dataLines, 1, 3);
    }

    [Fact]
    public async Task Drop_without_streaming_aborts_before_any_answer()
    {
        var failure = await Record.ExceptionAsync(async () =>
        {
            using var response = await _sim.ChatAsync(_sim.Demo.UserKey, Api.Chat("Cut [[sim:fault=drop]]"));
        });

        Assert.IsType<HttpRequestException>(failure);
    }

    [Fact]
    public async Task Fail_first_fails_the_same_request_n_times_with_503_then_succeeds()
    {
        var statuses = new List<int>();
        for (var attempt = 0; attempt < 4; attempt++)
        {
            using var response = await _sim.ChatAsync(_sim.Demo.UserKey, Api.Chat("Retry me"), fault: "fail-first=2", requestId: "req-fail-first-1");
            statuses.Add((int)response.StatusCode);
            if (statuses[^1] == 503)
            {
                await response.ErrorAsync(503);
            }
        }

        Assert.Equal([503, 503, 200, 200], statuses);
    }

    [Fact]
    public async Task Fail_first_can_say_when_to_retry()
    {
        using var first = await _sim.ChatAsync(_sim.Demo.UserKey, Api.Chat("Later"), fault: "fail-first=1;retry-after=3", requestId: "req-retry-after");
        using var second = await _sim.ChatAsync(_sim.Demo.UserKey, Api.Chat("Later"), fault: "fail-first=1;retry-after=3", requestId: "req-retry-after");

        await first.ErrorAsync(503);
        Assert.Equal(TimeSpan.FromSeconds(3), first.Headers.RetryAfter!.Delta);
        Assert.Equal(200, (int)second.StatusCode);
    }

    [Fact]
    public async Task Fail_first_by_prompt_marker_counts_attempts_of_the_same_prompt()
    {
        var prompt = $"Retry {Guid.NewGuid()} [[sim:fault=fail-first=1]]";
        using var first = await _sim.ChatAsync(_sim.Demo.UserKey, Api.Chat(prompt));
        using var otherPrompt = await _sim.ChatAsync(_sim.Demo.UserKey, Api.Chat(prompt + " and more"));
        using var second = await _sim.ChatAsync(_sim.Demo.UserKey, Api.Chat(prompt));

        Assert.Equal(503, (int)first.StatusCode);
        Assert.Equal(503, (int)otherPrompt.StatusCode);
        Assert.Equal(200, (int)second.StatusCode);
    }

    [Fact]
    public async Task Faults_combine_and_an_unknown_fault_is_a_400()
    {
        var watch = Stopwatch.StartNew();
        using var combined = await _sim.ChatAsync(_sim.Demo.UserKey, Api.Chat("Both"), fault: "latency=200, 502");
        await combined.ErrorAsync(502);
        Assert.True(watch.ElapsedMilliseconds >= 190);

        using var unknown = await _sim.ChatAsync(_sim.Demo.UserKey, Api.Chat("What?"), fault: "explode");
        var error = await unknown.ErrorAsync(400);
        Assert.Contains("explode", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Header_faults_also_apply_to_the_other_endpoints()
    {
        using var key = await _sim.GetAsync("/api/v1/key", _sim.Demo.UserKey, fault: "503;retry-after=2");
        await key.ErrorAsync(503);
        Assert.Equal(TimeSpan.FromSeconds(2), key.Headers.RetryAfter!.Delta);

        using var models = await _sim.GetAsync("/api/v1/models", null, fault: "502");
        await models.ErrorAsync(502);

        var statuses = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            using var credits = await _sim.GetAsync("/api/v1/credits", _sim.Demo.ManagementKey, fault: "fail-first=1");
            statuses.Add((int)credits.StatusCode);
        }

        Assert.Equal([503, 200, 200], statuses);
    }

    [Fact]
    public async Task Model_down_without_a_fallback_is_a_502_and_with_one_falls_back()
    {
        var json = """{"models":["openai/gpt-4o","google/gemini-2.5-pro"],"messages":[{"role":"user","content":"Hi [[sim:fault=model-down:openai/gpt-4o]]"}]}""";

        using var fellBack = await _sim.ChatAsync(_sim.Demo.UserKey, json);
        Assert.Equal("google/gemini-2.5-pro", (await fellBack.JsonAsync()).GetProperty("model").GetString());

        using var alone = await _sim.ChatAsync(_sim.Demo.UserKey, Api.Chat("Hi [[sim:fault=model-down:openai/gpt-4o]]"));
        var error = await alone.ErrorAsync(502);
        Assert.Equal(JsonValueKind.Object, error.GetProperty("metadata").ValueKind);
    }
}
