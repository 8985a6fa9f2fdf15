using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Infrastructure.OpenRouter;

namespace OpenRouterClient.Tests;

public sealed class AttributionAndOptionsTests
{
    [Fact]
    public async Task Every_request_carries_the_attribution_headers_from_configuration()
    {
        await using var harness = await ClientHarness.StartAsync();
        var chat = harness.Get<IChatCompletions>();

        await harness.Get<IModelCatalogueSource>().GetModelsAsync();
        await harness.Get<IKeyDetailsSource>().GetKeyDetailsAsync(harness.UserKey);
        await chat.CompleteAsync(harness.UserKey, ClientHarness.Chat("Attribute me"));
        await using (var stream = await chat.StreamAsync(harness.UserKey, ClientHarness.Chat("Attribute me", stream: true)))
        {
            await foreach (var e in stream.ReadEventsAsync())
            {
            }
        }

        var entries = harness.State.RequestLog.Entries;
        Assert.Equal(4, entries.Count);
        Assert.All(entries, e => Assert.Equal(
            (ClientHarness.SiteUrl, ClientHarness.AppTitle, ClientHarness.AppTitle),
            (e.HttpReferer, e.Title, e.LegacyTitle)));
    }

    [Fact]
    public async Task Without_a_site_or_title_no_attribution_header_is_sent()
    {
        await using var harness = await ClientHarness.StartAsync(settings: new Dictionary<string, string?>
        {
            ["OpenRouter:SiteUrl"] = "",
            ["OpenRouter:AppTitle"] = "",
        });

        await harness.Get<IModelCatalogueSource>().GetModelsAsync();

        var entry = Assert.Single(harness.State.RequestLog.Entries);
        Assert.Equal((null, null, null), (entry.HttpReferer, entry.Title, entry.LegacyTitle));
    }

    [Fact]
    public void Defaults_point_at_OpenRouter()
    {
        var options = Options(new Dictionary<string, string?>());

        Assert.Equal("https://openrouter.ai/api/v1", options.BaseUrl);
        Assert.True(options.Timeout > TimeSpan.Zero && options.StreamIdleTimeout > TimeSpan.Zero);
        Assert.InRange(options.MaxRetries, 1, 10);
    }

    [Theory]
    [InlineData("OpenRouter:BaseUrl", "openrouter.ai/api/v1", "OpenRouter:BaseUrl must be an absolute http(s) URL")]
    [InlineData("OpenRouter:BaseUrl", "ftp://openrouter.ai/api/v1", "OpenRouter:BaseUrl must be an absolute http(s) URL")]
    [InlineData("OpenRouter:SiteUrl", "saas.example", "OpenRouter:SiteUrl (sent as HTTP-Referer) must be an absolute http(s) URL")]
    [InlineData("OpenRouter:AppTitle", "Acme\nInjected: yes", "OpenRouter:AppTitle")]
    [InlineData("OpenRouter:Timeout", "00:00:00", "OpenRouter:Timeout must be positive")]
    [InlineData("OpenRouter:StreamIdleTimeout", "-00:00:01", "OpenRouter:StreamIdleTimeout must be positive")]
    [InlineData("OpenRouter:MaxRetries", "11", "OpenRouter:MaxRetries must be between 0 and 10")]
    [InlineData("OpenRouter:RetryDelay", "-00:00:01", "must not be negative")]
    public void Bad_configuration_stops_with_a_clear_message(string name, string value, string expected)
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Options(new Dictionary<string, string?> { [name] = value }));

        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
    }

    private static OpenRouterOptions Options(Dictionary<string, string?> values)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOpenRouter(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<OpenRouterOptions>>().Value;
    }
}
