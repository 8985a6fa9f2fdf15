using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using OpenRouterSaaS.FunctionalTests.Infrastructure;
using OpenRouterSaaS.FunctionalTests.Security;
using OpenRouterSaaS.Tests.Shared;
using OpenRouterSimulator;

namespace OpenRouterSaaS.FunctionalTests.Observability;

/// <summary>An app that records its log lines and responses, with the simulator's catalogue loaded for gateway calls.</summary>
public sealed class ObservabilityAppFixture : AppFixture
{
    public ObservabilityAppFixture()
        : this(new AppOutput())
    {
    }

    private ObservabilityAppFixture(AppOutput output)
        : base(output.Register, new FakeModelCatalogueSource()) => Output = output;

    public AppOutput Output { get; }
}

/// <summary>Every request carries a correlation id: the client's when it is safe, echoed back, in the logs and on the ledger row.</summary>
public sealed class CorrelationIdTests(ObservabilityAppFixture fixture) : IClassFixture<ObservabilityAppFixture>
{
    private const string Header = "X-Correlation-Id";
    private const string FreeModel = "meta-llama/llama-3.3-70b-instruct:free";

    [Fact]
    public async Task The_clients_correlation_id_comes_back_in_the_response_and_scopes_the_requests_log_lines()
    {
        var id = "probe-" + Guid.NewGuid().ToString("N");

        using var response = await SendAsync(HttpMethod.Get, "/healthz", id);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(id, Assert.Single(response.Headers.GetValues(Header)));
        Assert.Contains(fixture.Output.LogLines, line => line.Text.Contains($"CorrelationId={id}", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("has spaces in it")]
    [InlineData("ors_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task An_unsafe_correlation_id_is_replaced_by_the_requests_trace_id(string unsafeId)
    {
        using var response = await SendAsync(HttpMethod.Get, "/healthz", unsafeId);

        var id = Assert.Single(response.Headers.GetValues(Header));
        Assert.NotEqual(unsafeId, id);
        Assert.Matches("^[0-9a-f]{32}$", id);
        Assert.DoesNotContain(fixture.Output.LogLines, line => line.Text.Contains(unsafeId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_request_without_one_gets_its_own_also_on_an_error_page()
    {
        using var found = await SendAsync(HttpMethod.Get, "/healthz");
        using var missing = await SendAsync(HttpMethod.Get, "/no-such-page-" + Guid.NewGuid().ToString("N"));

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var ids = new[] { found, missing }.Select(response => Assert.Single(response.Headers.GetValues(Header))).ToList();
        Assert.All(ids, id => Assert.Matches("^[0-9a-f]{32}$", id));
        Assert.NotEqual(ids[0], ids[1]);
    }

    [Fact]
    public async Task A_gateway_calls_ledger_row_carries_the_correlation_id_the_client_sent()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        await owner.SaveKeyAsync(slug, fixture.App.Simulator.CreateKey(new SimulatedKeyRequest("correlation test")).Key);
        var (_, token) = await owner.CreateApiTokenAsync(slug);
        var id = "call-" + Guid.NewGuid().ToString("N");
        var body = JsonSerializer.Serialize(new { model = FreeModel, messages = new[] { new { role = "user", content = "Say hello." } } });

        using var response = await SendAsync(HttpMethod.Post, "/api/v1/chat/completions", id, token, body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(id, Assert.Single(response.Headers.GetValues(Header)));
        Assert.Equal(id, Assert.Single(await fixture.Stored.UsageRecordsAsync(slug)).CorrelationId);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? correlationId = null, string? token = null, string? body = null)
    {
        using var client = fixture.App.CreateClient();
        using var request = new HttpRequestMessage(method, path);
        if (correlationId is not null)
        {
            request.Headers.TryAddWithoutValidation(Header, correlationId);
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        return await client.SendAsync(request);
    }
}
