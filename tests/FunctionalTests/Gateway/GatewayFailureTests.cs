using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Domain.Budgets;
using OpenRouterSaaS.Domain.Usage;
using OpenRouterSaaS.FunctionalTests.Infrastructure;
using OpenRouterSaaS.Tests.Shared;
using static OpenRouterSaaS.FunctionalTests.Gateway.GatewayKit;

namespace OpenRouterSaaS.FunctionalTests.Gateway;

/// <summary>An app whose OpenRouter client fails in a way the gateway does not expect: a bug, not an OpenRouter error.</summary>
public sealed class BrokenClientAppFixture() : AppFixture(
    services => services.AddTransient<IChatCompletions, BrokenChatCompletions>(),
    new FakeModelCatalogueSource());

/// <summary>Even when the gateway itself fails, before or during a stream, no ledger row stays Pending and no budget stays held.</summary>
public sealed class GatewayFailureTests(BrokenClientAppFixture fixture) : IClassFixture<BrokenClientAppFixture>
{
    [Fact]
    public async Task A_failure_of_the_gateway_before_the_answer_fails_the_row_and_releases_the_reservation()
    {
        var tenant = await fixture.TenantReadyToCallAsync(sharedKey: true);

        using var response = await fixture.ChatAsync(tenant.Token, Chat(Paid, "Break"));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        await AssertEndedAsync(tenant);
    }

    [Fact]
    public async Task A_failure_of_the_gateway_mid_stream_fails_the_row_and_releases_the_reservation()
    {
        var tenant = await fixture.TenantReadyToCallAsync(sharedKey: true);

        using var response = await fixture.ChatAsync(tenant.Token, Chat(Paid, "Break later", stream: true), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        try
        {
            await response.Content.ReadAsStringAsync();
        }
        catch (Exception broken) when (broken is HttpRequestException or IOException)
        {
            // The server could only cut the stream it had begun.
        }

        await AssertEndedAsync(tenant);
    }

    private async Task AssertEndedAsync(GatewayTenant tenant)
    {
        var row = Assert.Single(await fixture.SettledUsageAsync(tenant.Slug));
        Assert.Equal((UsageStatus.Failed, "gateway_error"), (row.Status, row.ErrorCode));
        Assert.Equal(ReservationStatus.Released, (await fixture.ReservationAsync(row.ReservationId!.Value)).Status);
        Assert.All(await fixture.BudgetsAsync(tenant.Slug), budget => Assert.Equal((0m, 0m), (budget.SpentUsd, budget.ReservedUsd)));
    }
}

/// <summary>Throws where OpenRouter's client never would: at once for a call in one body, after one event for a stream.</summary>
internal sealed class BrokenChatCompletions : IChatCompletions
{
    public Task<ChatCompletionResult> CompleteAsync(string apiKey, ReadOnlyMemory<byte> requestJson, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("A bug in the gateway's OpenRouter client.");

    public Task<IChatCompletionStream> StreamAsync(string apiKey, ReadOnlyMemory<byte> requestJson, CancellationToken cancellationToken = default) =>
        Task.FromResult<IChatCompletionStream>(new BrokenStream());

    private sealed class BrokenStream : IChatCompletionStream
    {
        public string? GenerationId => null;

        public ChatStreamSummary Summary { get; } = new(null, null, null, null, null, false);

        public async IAsyncEnumerable<ChatStreamEvent> ReadEventsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            yield return new ChatStreamEvent(ChatStreamEventKind.KeepAlive, Encoding.UTF8.GetBytes("OPENROUTER PROCESSING"));
            throw new InvalidOperationException("A bug while reading the stream.");
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
