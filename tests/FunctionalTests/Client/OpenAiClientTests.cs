using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.Domain.Usage;
using OpenRouterSaaS.FunctionalTests.Infrastructure;
using OpenRouterSaaS.Tests.Shared;
using OpenRouterSimulator;

namespace OpenRouterSaaS.FunctionalTests.Client;

/// <summary>
/// The official <c>openai</c> npm package, unchanged, pointed at <c>&lt;app&gt;/api/v1</c> with a member's <c>ors_</c>
/// token: what it gets back, what reached OpenRouter, and the ledger rows the calls left.
/// </summary>
public sealed class OpenAiClientTests(OpenAiClientFixture fixture) : IClassFixture<OpenAiClientFixture>
{
    private const string Model = "openai/gpt-4o-mini";

    [Fact]
    public async Task The_openai_client_lists_the_allowed_models_and_completes_with_tools_and_response_format_each_call_on_the_ledger()
    {
        var (member, slug, token) = await MemberOnTheSharedKeyAsync();

        var answers = await OpenAiClientScript.RunAsync(Api, token, Model, "models", "chat", "tools", "json");

        var ids = answers.GetProperty("models").GetProperty("ids").EnumerateArray().Select(id => id.GetString()).Order(StringComparer.Ordinal);
        Assert.Equal(["deepseek/deepseek-r1:free", "meta-llama/llama-3.3-70b-instruct:free", Model], ids);
        var rows = await fixture.Stored.UsageRecordsAsync(slug);
        Assert.Equal(3, rows.Count);
        foreach (var step in new[] { "chat", "tools", "json" })
        {
            var answer = answers.GetProperty(step);
            Assert.False(string.IsNullOrWhiteSpace(answer.GetProperty("content").GetString()), $"the {step} call got no content");
            Assert.Equal("stop", answer.GetProperty("finish_reason").GetString());
            AssertOnTheLedger(answer, rows, member, streamed: false);
        }

        var tools = UpstreamBody("What is the weather in Lisbon?");
        Assert.Equal("get_weather", tools["tools"]![0]!["function"]!["name"]!.GetValue<string>());
        Assert.Equal("auto", tools["tool_choice"]!.GetValue<string>());
        var format = UpstreamBody("Name a colour, as JSON.");
        Assert.Equal("json_schema", format["response_format"]!["type"]!.GetValue<string>());
        Assert.Equal("colour", format["response_format"]!["json_schema"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_openai_client_streams_an_answer_and_the_ledger_has_it_as_streamed()
    {
        var (member, slug, token) = await MemberOnTheSharedKeyAsync();

        var answers = await OpenAiClientScript.RunAsync(Api, token, Model, "stream");

        var answer = answers.GetProperty("stream");
        Assert.True(answer.GetProperty("chunks").GetInt32() > 2, "the answer did not come in chunks");
        Assert.False(string.IsNullOrWhiteSpace(answer.GetProperty("content").GetString()));
        Assert.Equal("stop", answer.GetProperty("finish_reason").GetString());
        AssertOnTheLedger(answer, await fixture.Stored.UsageRecordsAsync(slug), member, streamed: true);
    }

    private Uri Api => new(fixture.BaseAddress, "api/v1");

    /// <summary>The client's answer has exactly one Completed ledger row, through the shared key, with the tokens and cost the client saw.</summary>
    private static void AssertOnTheLedger(JsonElement answer, List<UsageRecord> rows, Guid member, bool streamed)
    {
        var id = answer.GetProperty("id").GetString();
        var row = Assert.Single(rows, row => row.GenerationId == id);
        var usage = answer.GetProperty("usage");
        Assert.Equal((UsageStatus.Completed, streamed, CredentialKind.Shared, member), (row.Status, row.Streamed, row.CredentialKind, row.UserId));
        Assert.Equal((Model, answer.GetProperty("model").GetString()), (row.RequestedModel, row.ServedModel));
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt32(), row.PromptTokens);
        Assert.Equal(usage.GetProperty("completion_tokens").GetInt32(), row.CompletionTokens);
        // Parsed from the JSON text: a small cost may be written as 1.5e-7.
        Assert.Equal(decimal.Parse(usage.GetProperty("cost").GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture), row.CostUsd);
        Assert.True(row.CostUsd > 0m);
        Assert.NotNull(row.ApiTokenId);
    }

    /// <summary>
    /// A new tenant allowing <see cref="Model"/>, with a shared key, and a member who may use it and made an API token;
    /// each step through the pages, as the owner and member would take it.
    /// </summary>
    private async Task<(Guid Member, string Slug, string Token)> MemberOnTheSharedKeyAsync()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var models = await owner.GetAsync($"/t/{slug}/admin/models");
        var saved = await owner.SubmitAsync(models, "#save-allow-list",
            ("Input.Mode", "AllowListed"), ("Input.AllowPatterns", $"{Model}\n*:free"), ("Input.DenyPatterns", ""),
            ("Input.MaxPromptPricePerMillion", "1"), ("Input.MaxCompletionPricePerMillion", "4"));
        Assert.Equal(HttpStatusCode.OK, saved.Status);
        Assert.Contains(Model, await fixture.Stored.AllowListAsync(slug), StringComparison.Ordinal);
        await owner.SetSharedKeyAsync(slug, fixture.App.Simulator.CreateKey(new SimulatedKeyRequest("openai client test")).Key);
        var member = await fixture.AddMemberAsync(owner, slug);
        await owner.SetSharedKeyAccessAsync(slug, member.Email, allowed: true);
        var (_, token) = await member.CreateApiTokenAsync(slug, "openai client");
        return ((await fixture.Stored.UserAsync(member.Email))!.Id, slug, token);
    }

    /// <summary>The request that reached OpenRouter for the prompt <paramref name="prompt"/>.</summary>
    private JsonObject UpstreamBody(string prompt) =>
        fixture.Upstream.Bodies
            .Select(body => JsonNode.Parse(body)!.AsObject())
            .Single(body => body["messages"]!.AsArray().Any(message => message!["content"]?.GetValue<string>() == prompt));
}

/// <summary>
/// The app on a real loopback port (Node must reach it), with the simulator's catalogue, keeping the body of every chat
/// request it sends to OpenRouter.
/// </summary>
public sealed class OpenAiClientFixture : AppFixture
{
    public OpenAiClientFixture()
        : this(new UpstreamChatRequests())
    {
    }

    private OpenAiClientFixture(UpstreamChatRequests upstream)
        : base(services => services.ConfigureHttpClientDefaults(client => client.AddHttpMessageHandler(() => new UpstreamChatRequests.Recorder(upstream))),
            new FakeModelCatalogueSource(), overKestrel: true) =>
        Upstream = upstream;

    public UpstreamChatRequests Upstream { get; }
}

/// <summary>The bodies of the chat completion requests the app sent to OpenRouter.</summary>
public sealed class UpstreamChatRequests
{
    private readonly ConcurrentQueue<string> _bodies = new();

    public IEnumerable<string> Bodies => _bodies;

    internal sealed class Recorder(UpstreamChatRequests requests) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method == HttpMethod.Post && request.RequestUri?.AbsolutePath.EndsWith("/chat/completions", StringComparison.Ordinal) == true
                && request.Content is not null)
            {
                requests._bodies.Enqueue(await request.Content.ReadAsStringAsync(cancellationToken));
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }
}
