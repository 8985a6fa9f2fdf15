using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OpenRouterSaaS.Domain.Budgets;
using OpenRouterSaaS.Domain.Usage;
using OpenRouterSaaS.FunctionalTests.Infrastructure;
using OpenRouterSaaS.Infrastructure.OpenRouter;
using OpenRouterSaaS.Tests.Shared;
using static OpenRouterSaaS.FunctionalTests.Gateway.GatewayKit;

namespace OpenRouterSaaS.FunctionalTests.Gateway;

/// <summary>An app that waits for OpenRouter only briefly: one second for a whole call, half a second of silence in a stream.</summary>
public sealed class ImpatientAppFixture() : AppFixture(
    services => services.PostConfigure<OpenRouterOptions>(options =>
    {
        options.Timeout = TimeSpan.FromSeconds(1);
        options.StreamIdleTimeout = TimeSpan.FromMilliseconds(500);
    }),
    new FakeModelCatalogueSource());

/// <summary>OpenRouter that takes too long: a call in one body times out with 504; a stream that falls silent ends with an error event.</summary>
public sealed class GatewayTimeoutTests(ImpatientAppFixture fixture) : IClassFixture<ImpatientAppFixture>
{
    [Fact]
    public async Task A_call_OpenRouter_does_not_answer_in_time_gets_504_and_its_reservation_is_released()
    {
        var tenant = await fixture.TenantReadyToCallAsync(sharedKey: true);

        using var response = await fixture.ChatAsync(tenant.Token, Chat(Paid, "Too slow [[sim:fault=latency=5000]]"));

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        var (code, message) = await ErrorOf(response);
        Assert.Equal(504, code);
        Assert.StartsWith("OpenRouter did not answer in time", message, StringComparison.Ordinal);
        var row = Assert.Single(await fixture.SettledUsageAsync(tenant.Slug));
        Assert.Equal((UsageStatus.Failed, "timeout"), (row.Status, row.ErrorCode));
        Assert.Equal(ReservationStatus.Released, (await fixture.ReservationAsync(row.ReservationId!.Value)).Status);
    }

    [Fact]
    public async Task A_stream_that_falls_silent_ends_with_an_error_event_and_its_reservation_is_released()
    {
        var tenant = await fixture.TenantReadyToCallAsync(sharedKey: true);

        // The first word comes after three seconds: long after the half second of silence the gateway accepts.
        using var response = await fixture.ChatAsync(tenant.Token, Chat(Paid, "Silence [[sim:fault=chunk-delay=3000]]", stream: true));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var events = SseEvents.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(events[^1].IsDone);
        var error = events[^1].Json.GetProperty("error");
        Assert.Equal(504, error.GetProperty("code").GetInt32());
        Assert.StartsWith("OpenRouter sent nothing for too long", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        var row = Assert.Single(await fixture.SettledUsageAsync(tenant.Slug));
        Assert.Equal((UsageStatus.Failed, "timeout"), (row.Status, row.ErrorCode));
        Assert.NotNull(row.GenerationId);
        Assert.Equal(ReservationStatus.Released, (await fixture.ReservationAsync(row.ReservationId!.Value)).Status);
    }
}
