using System.Text.Json;

namespace OpenRouterSimulator.Tests;

public sealed class ChatCompletionTests : IAsyncLifetime
{
    private SimulatorHost _sim = null!;

    public async Task InitializeAsync() => _sim = await SimulatorHost.StartAsync();

    public async Task DisposeAsync() => await _sim.DisposeAsync();

    [Fact]
    public async Task The_same_prompt_gets_the_same_reply_and_another_prompt_another()
    {
        var first = await ContentAsync("What is a tenant?");
        var again = await ContentAsync("What is a tenant?");
        var other = await ContentAsync("How do budgets reset?");

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.False(string.IsNullOrWhiteSpace(first));
    }

    [Fact]
    public async Task A_completion_has_OpenRouters_shape_and_the_header_id_is_the_body_id()
    {
        using var response = await _sim.ChatAsync(_sim.Demo.UserKey, Api.Chat("Hello"));
        var body = await response.JsonAsync();

        Assert.Equal(200, (int)response.StatusCode);
        var id = body.GetProperty("id").GetString()!;
        Assert.StartsWith("gen-", id, StringComparison.Ordinal);
        Assert.Equal(id, Assert.Single(response.Headers.GetValues("X-Generation-Id")));
        Assert.Equal("chat.completion", body.GetProperty("object").GetString());
        Assert.Equal("openai/gpt-4o", body.GetProperty("model").GetString());
        Assert.Equal("OpenAI", body.GetProperty("provider").GetString());
        Assert.True(body.GetProperty("created").GetInt64() > 1_600_000_000);
        var choice = Assert.Single(body.GetProperty("choices").EnumerateArray());
        Assert.Equal(0, choice.GetProperty("index").GetInt32());
        Assert.Equal("assistant", choice.GetProperty("message").GetProperty("role").GetString());
        Assert.Equal("stop", choice.GetProperty("finish_reason").GetString());
        Assert.Equal("stop", choice.GetProperty("native_finish_reason").GetString());
    }

    [Fact]
    public async Task Usage_counts_tokens_and_costs_them_at_the_models_prices()
    {
        const string prompt = "Explain the ledger in one paragraph, please.";
        using var response = await _sim.ChatAsync(_sim.Demo.UserKey, Api.Chat(prompt, "anthropic/claude-sonnet-4"));
        var body = await response.JsonAsync();
        var usage = body.GetProperty("usage");
        var content = body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;

        // One token per 4 characters (rounded up) plus 4 per message; one completion token per word.
        var expectedPrompt = ((("You are terse.".Length + 3) / 4) + 4) + (((prompt.Length + 3) / 4) + 4);
        var words = content.Split(' ').Length;
        Assert.Equal(expectedPrompt, usage.GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(words, usage.GetProperty("completion_tokens").GetInt32());
        Assert.Equal(expectedPrompt + words, usage.GetProperty("total_tokens").GetInt32());
        Assert.Equal((expectedPrompt * 0.000003m) + (words * 0.000015m), usage.GetProperty("cost").GetDecimal());
        Assert.Equal(JsonValueKind.Number, usage.GetProperty("cost").ValueKind);
        Assert.False(usage.GetProperty("is_byok").GetBoolean());
        Assert.Equal(0, usage.GetProperty("prompt_tokens_details").GetProperty("cached_tokens").GetInt32());
        Assert.Equal(0, usage.GetProperty("completion_tokens_details").GetProperty("reasoning_tokens").GetInt32());
        Assert.True(usage.GetProperty("cost_details").TryGetProperty("upstream_inference_cost", out _));
    }

    [Fact]
    public async Task A_reasoning_model_reports_reasoning_tokens_inside_completion_tokens()
    {
        using var response = await _sim.ChatAsync(_sim.Demo.UserKey, Api.Chat("Think first", "deepseek/deepseek-r1"));
        var body = await response.JsonAsync();
        var usage = body.GetProperty("usage");
        var words = body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!.Split(' ').Length;

        var reasoning = usage.GetProperty("completion_tokens_details").GetProperty("reasoning_tokens").GetInt32();
        Assert.Equal(words, reasoning);
        Assert.Equal(words + reasoning, usage.GetProperty("completion_tokens").GetInt32());
        var expectedCost = (usage.GetProperty("prompt_tokens").GetInt32() * 0.00000055m) + ((words + reasoning) * 0.00000219m);
        Assert.Equal(expectedCost, usage.GetProperty("cost").GetDecimal());
    }

    [Fact]
    public async Task A_free_model_costs_nothing()
    {
        using var response = await _sim.ChatAsync(_sim.Demo.UserKey, Api.Chat("Hi", "meta-llama/llama-3.3-70b-instruct:free"));
        var usage = (await response.JsonAsync()).GetProperty("usage");

        Assert.Equal(0m, usage.GetProperty("cost").GetDecimal());
        Assert.True(usage.GetProperty("completion_tokens").GetInt32() > 0);
    }

    [Theory]
    [InlineData("max_tokens")]
    [InlineData("max_completion_tokens")]
    public async Task A_token_limit_cuts_the_reply_with_finish_reason_length(string field)
    {
        using var response = await _sim.ChatAsync(_sim.Demo.UserKey, Api.Chat("Tell me everything", extra: $"\"{field}\":5"));
        var body = await response.JsonAsync();
        var choice = body.GetProperty("choices")[0];

        Assert.Equal("length", choice.GetProperty("finish_reason").GetString());
        Assert.Equal(5, choice.GetProperty("message").GetProperty("content").GetString()!.Split(' ').Length);
        Assert.Equal(5, body.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task Anthropic_models_report_their_native_finish_reason()
    {
        using var response = await _sim.ChatAsync(_sim.Demo.UserKey, Api.Chat("Tell me everything", "anthropic/claude-3.5-haiku", extra: "\"max_tokens\":3"));
        var choice = (await response.JsonAsync()).GetProperty("choices")[0];

        Assert.Equal("length", choice.GetProperty("finish_reason").GetString());
        Assert.Equal("max_tokens", choice.GetProperty("native_finish_reason").GetString());
    }

    [Fact]
    public async Task Auto_router_serves_a_concrete_model_chosen_from_the_prompt()
    {
        var first = await ServedModelAsync(Api.Chat("Route me", "openrouter/auto"));
        var again = await ServedModelAsync(Api.Chat("Route me", "openrouter/auto"));

        Assert.Equal(first, again);
        Assert.NotEqual("openrouter/auto", first);
        using var models = await _sim.GetAsync("/api/v1/models", null);
        Assert.Contains(first, (await models.JsonAsync()).GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
    }

    [Theory]
    [InlineData("alpha")]
    [InlineData("beta")]
    [InlineData("gamma")]
    [InlineData("delta")]
    public async Task Auto_router_picks_only_among_the_plugins_allowed_models(string prompt)
    {
        const string extra = "\"plugins\":[{\"id\":\"auto-router\",\"allowed_models\":[\"anthropic/*\",\"google/gemini-2.5-flash\"]}]";
        var served = await ServedModelAsync(Api.Chat(prompt, "openrouter/auto", extra: extra));

        Assert.True(served.StartsWith("anthropic/", StringComparison.Ordinal) || served == "google/gemini-2.5-flash", served);
    }

    [Fact]
    public async Task Fallbacks_serve_the_first_model_that_exists_and_is_not_down()
    {
        var json = """{"models":["no-such/model","openai/gpt-4o-mini","mistralai/mistral-large-2411"],"messages":[{"role":"user","content":"Hi"}]}""";

        Assert.Equal("openai/gpt-4o-mini", await ServedModelAsync(json));

        using var response = await _sim.ChatAsync(_sim.Demo.UserKey, json, fault: "model-down:openai/gpt-4o-mini");
        var body = await response.JsonAsync();
        Assert.Equal("mistralai/mistral-large-2411", body.GetProperty("model").GetString());
        Assert.Equal("Mistral", body.GetProperty("provider").GetString());
    }

    [Fact]
    public async Task The_model_field_comes_first_and_models_are_its_fallbacks()
    {
        var json = """{"model":"openai/gpt-4o","models":["anthropic/claude-3.5-haiku"],"messages":[{"role":"user","content":"Hi [[sim:fault=model-down:openai/gpt-4o]]"}]}""";

        Assert.Equal("anthropic/claude-3.5-haiku", await ServedModelAsync(json));
    }

    [Fact]
    public async Task When_every_model_is_down_the_answer_is_502()
    {
        using var response = await _sim.ChatAsync(_sim.Demo.UserKey, Api.Chat("Hi"), fault: "model-down:openai/gpt-4o");

        await response.ErrorAsync(502);
    }

    [Fact]
    public async Task An_unknown_model_is_a_400_naming_it()
    {
        using var response = await _sim.ChatAsync(_sim.Demo.UserKey, Api.Chat("Hi", "acme/nonexistent-1"));

        var error = await response.ErrorAsync(400);
        Assert.Equal("acme/nonexistent-1 is not a valid model ID", error.GetProperty("message").GetString());
        Assert.Equal(JsonValueKind.Object, error.GetProperty("metadata").ValueKind);
    }

    [Theory]
    [InlineData("{\"model\":\"openai/gpt-4o\",\"messages\":[")]
    [InlineData("not json at all")]
    [InlineData("{\"model\":\"openai/gpt-4o\",\"messages\":[],\"stream\":\"yes\"}")]
    public async Task Malformed_json_is_a_400(string json)
    {
        using var response = await _sim.ChatAsync(_sim.Demo.UserKey, json);

        await response.ErrorAsync(400);
    }

    [Theory]
    [InlineData("{\"model\":\"openai/gpt-4o\"}")]
    [InlineData("{\"model\":\"openai/gpt-4o\",\"messages\":[]}")]
    public async Task Missing_messages_are_a_400(string json)
    {
        using var response = await _sim.ChatAsync(_sim.Demo.UserKey, json);

        var error = await response.ErrorAsync(400);
        Assert.Contains("messages", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_management_key_cannot_make_completions()
    {
        using var response = await _sim.ChatAsync(_sim.Demo.ManagementKey, Api.Chat("Hi"));

        await response.ErrorAsync(403);
    }

    [Fact]
    public async Task Content_given_as_parts_is_read_as_text()
    {
        var parts = """{"model":"openai/gpt-4o","messages":[{"role":"user","content":[{"type":"text","text":"What is a tenant?"}]}]}""";
        var plain = """{"model":"openai/gpt-4o","messages":[{"role":"user","content":"What is a tenant?"}]}""";

        using var a = await _sim.ChatAsync(_sim.Demo.UserKey, parts);
        using var b = await _sim.ChatAsync(_sim.Demo.UserKey, plain);
        Assert.Equal(
            (await b.JsonAsync()).GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString(),
            (await a.JsonAsync()).GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
    }

    private async Task<string> ContentAsync(string prompt)
    {
        using var response = await _sim.ChatAsync(_sim.Demo.UserKey, Api.Chat(prompt));
        return (await response.JsonAsync()).GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;
    }

    private async Task<string> ServedModelAsync(string json)
    {
        using var response = await _sim.ChatAsync(_sim.Demo.UserKey, json);
        Assert.Equal(200, (int)response.StatusCode);
        return (await response.JsonAsync()).GetProperty("model").GetString()!;
    }
}
