using System.Text.Json;

namespace OpenRouterSimulator.Tests;

public sealed class CatalogueTests : IAsyncLifetime
{
    private SimulatorHost _sim = null!;

    public async Task InitializeAsync() => _sim = await SimulatorHost.StartAsync();

    public async Task DisposeAsync() => await _sim.DisposeAsync();

    [Fact]
    public async Task Models_need_no_key_and_list_a_realistic_catalogue()
    {
        using var response = await _sim.GetAsync("/api/v1/models", key: null);

        Assert.Equal(200, (int)response.StatusCode);
        var models = (await response.JsonAsync()).GetProperty("data").EnumerateArray().ToList();
        Assert.True(models.Count >= 12, $"only {models.Count} models");
        var ids = models.Select(m => m.GetProperty("id").GetString()!).ToList();
        Assert.Contains("openrouter/auto", ids);
        var providers = ids.Select(id => id.Split('/')[0]).Distinct().ToList();
        foreach (var provider in new[] { "openai", "anthropic", "google", "meta-llama", "mistralai", "deepseek" })
        {
            Assert.Contains(provider, providers);
        }

        var free = models.Where(m => m.GetProperty("id").GetString()!.EndsWith(":free", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(free);
        Assert.All(free, m => Assert.Equal("0", m.GetProperty("pricing").GetProperty("prompt").GetString()));
    }

    [Fact]
    public async Task Each_model_has_OpenRouters_fields_with_prices_as_decimal_strings()
    {
        using var response = await _sim.GetAsync("/api/v1/models", key: null);
        var models = (await response.JsonAsync()).GetProperty("data").EnumerateArray().ToList();

        foreach (var model in models)
        {
            foreach (var field in new[] { "id", "canonical_slug", "name", "description" })
            {
                Assert.Equal(JsonValueKind.String, model.GetProperty(field).ValueKind);
            }

            Assert.True(model.GetProperty("created").GetInt64() > 1_600_000_000);
            Assert.True(model.GetProperty("context_length").GetInt32() > 0);
            Assert.Equal("text->text", model.GetProperty("architecture").GetProperty("modality").GetString());
            Assert.Equal(JsonValueKind.Object, model.GetProperty("top_provider").ValueKind);
            Assert.NotEqual(0, model.GetProperty("supported_parameters").GetArrayLength());
            foreach (var price in new[] { "prompt", "completion", "request", "image", "web_search", "internal_reasoning", "input_cache_read", "input_cache_write" })
            {
                Assert.Equal(JsonValueKind.String, model.GetProperty("pricing").GetProperty(price).ValueKind);
                _ = model.Price(price);
            }
        }

        var gpt4o = models.Single(m => m.GetProperty("id").GetString() == "openai/gpt-4o");
        Assert.Equal(0.0000025m, gpt4o.Price("prompt"));
        Assert.Equal(0.00001m, gpt4o.Price("completion"));
    }
}
