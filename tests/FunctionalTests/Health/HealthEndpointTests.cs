using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OpenRouterSaaS.FunctionalTests.Infrastructure;

namespace OpenRouterSaaS.FunctionalTests.Health;

/// <summary>What a load balancer and an orchestrator ask the app.</summary>
public sealed class HealthEndpointTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task Liveness_answers_healthy_as_json()
    {
        using var response = await fixture.Visitor().GetResponseAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Readiness_answers_healthy_with_the_database_check()
    {
        using var response = await fixture.Visitor().GetResponseAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
    }
}
