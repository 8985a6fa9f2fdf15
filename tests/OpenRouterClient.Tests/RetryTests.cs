using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.OpenRouter;

namespace OpenRouterClient.Tests;

/// <summary>Retries counted through the simulator's request log (MaxRetries 3, waits of a millisecond), never timed.</summary>
public sealed class RetryTests
{
    [Fact]
    public async Task A_read_is_retried_until_it_succeeds()
    {
        await using var harness = await ClientHarness.StartAsync();

        using (ClientHarness.Fault("fail-first=2"))
        {
            Assert.NotEmpty(await harness.Get<IModelCatalogueSource>().GetModelsAsync());
        }

        Assert.Equal([503, 503, 200], harness.Requests("/models").Select(e => e.Status));
    }

    [Theory]
    [InlineData("503", 503)]
    [InlineData("502", 502)]
    [InlineData("500", 500)]
    [InlineData("408", 408)]
    [InlineData("429;retry-after=0", 429)]
    public async Task A_read_that_keeps_failing_transiently_is_tried_four_times(string fault, int status)
    {
        await using var harness = await ClientHarness.StartAsync();

        using (ClientHarness.Fault(fault))
        {
            var failure = await Assert.ThrowsAsync<OpenRouterException>(() => harness.Get<IKeyDetailsSource>().GetKeyDetailsAsync(harness.UserKey));
            Assert.Equal(status, failure.StatusCode);
        }

        Assert.Equal(4, harness.Requests("/key").Count);
    }

    [Theory]
    [InlineData("400")]
    [InlineData("401")]
    [InlineData("402")]
    [InlineData("403")]
    public async Task A_read_refused_for_what_it_is_is_not_retried(string fault)
    {
        await using var harness = await ClientHarness.StartAsync();

        using (ClientHarness.Fault(fault))
        {
            await Assert.ThrowsAsync<OpenRouterException>(() => harness.Get<ICreditsSource>().GetCreditsAsync(harness.ManagementKey));
        }

        Assert.Single(harness.Requests("/credits"));
    }

    [Fact]
    public async Task A_generation_not_yet_available_is_not_retried()
    {
        await using var harness = await ClientHarness.StartAsync();

        var lookup = await harness.Get<IGenerationSource>().GetGenerationAsync(harness.UserKey, "gen-0-unknown");

        Assert.False(lookup.IsAvailable);
        Assert.Single(harness.Requests("/generation"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_completion_OpenRouter_did_not_take_on_is_retried_until_it_succeeds(bool stream)
    {
        await using var harness = await ClientHarness.StartAsync();
        var chat = harness.Get<IChatCompletions>();

        using (ClientHarness.Fault("fail-first=2"))
        {
            if (stream)
            {
                await using var streamed = await chat.StreamAsync(harness.UserKey, ClientHarness.Chat("Try again", stream: true));
                await foreach (var e in streamed.ReadEventsAsync())
                {
                }

                Assert.True(streamed.Summary.Completed);
            }
            else
            {
                Assert.Null((await chat.CompleteAsync(harness.UserKey, ClientHarness.Chat("Try again"))).Failure);
            }
        }

        Assert.Equal([503, 503, 200], harness.Requests("/chat/completions").Select(e => e.Status));
    }

    [Theory]
    [InlineData("429;retry-after=0", OpenRouterFailureKind.RateLimited)]
    [InlineData("502", OpenRouterFailureKind.UpstreamError)]
    [InlineData("503", OpenRouterFailureKind.Unavailable)]
    public async Task A_completion_refused_before_it_began_is_retried_a_bounded_number_of_times(string fault, OpenRouterFailureKind kind)
    {
        await using var harness = await ClientHarness.StartAsync();

        using (ClientHarness.Fault(fault))
        {
            var whole = await Assert.ThrowsAsync<OpenRouterException>(() => harness.Get<IChatCompletions>().CompleteAsync(harness.UserKey, ClientHarness.Chat("No luck")));
            var streamed = await Assert.ThrowsAsync<OpenRouterException>(() => harness.Get<IChatCompletions>().StreamAsync(harness.UserKey, ClientHarness.Chat("No luck", stream: true)));
            Assert.Equal((kind, kind), (whole.Kind, streamed.Kind));
        }

        Assert.Equal(8, harness.Requests("/chat/completions").Count);
    }

    [Theory]
    [InlineData("400")]
    [InlineData("401")]
    [InlineData("402")]
    [InlineData("403")]
    [InlineData("408")]
    [InlineData("500")]
    public async Task A_completion_is_not_retried_when_OpenRouter_may_have_taken_it_on_or_refused_it_for_what_it_is(string fault)
    {
        await using var harness = await ClientHarness.StartAsync();

        using (ClientHarness.Fault(fault))
        {
            await Assert.ThrowsAsync<OpenRouterException>(() => harness.Get<IChatCompletions>().CompleteAsync(harness.UserKey, ClientHarness.Chat("Once")));
            await Assert.ThrowsAsync<OpenRouterException>(() => harness.Get<IChatCompletions>().StreamAsync(harness.UserKey, ClientHarness.Chat("Once", stream: true)));
        }

        Assert.Equal(2, harness.Requests("/chat/completions").Count);
    }

    [Fact]
    public async Task A_completion_whose_connection_dropped_after_sending_is_not_retried()
    {
        await using var harness = await ClientHarness.StartAsync();

        using (ClientHarness.Fault("drop"))
        {
            var failure = await Assert.ThrowsAsync<OpenRouterException>(() => harness.Get<IChatCompletions>().CompleteAsync(harness.UserKey, ClientHarness.Chat("Dropped")));
            Assert.Equal(OpenRouterFailureKind.Unreachable, failure.Kind);
        }

        Assert.Single(harness.Requests("/chat/completions"));
    }

    [Fact]
    public async Task Retry_After_replaces_the_backoff()
    {
        // The backoff would wait an hour: only honouring Retry-After: 0 lets these finish, with one retry each.
        await using var harness = await ClientHarness.StartAsync(settings: new Dictionary<string, string?> { ["OpenRouter:RetryDelay"] = "01:00:00" });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        using (ClientHarness.Fault("fail-first=1;retry-after=0"))
        {
            await harness.Get<IChatCompletions>().CompleteAsync(harness.UserKey, ClientHarness.Chat("Soon"), timeout.Token);
        }

        using (ClientHarness.Fault("fail-first=1;retry-after=0"))
        {
            await harness.Get<IKeyDetailsSource>().GetKeyDetailsAsync(harness.UserKey, timeout.Token);
        }

        Assert.Equal([503, 200], harness.Requests("/chat/completions").Select(e => e.Status));
        Assert.Equal([503, 200], harness.Requests("/key").Select(e => e.Status));
    }

    [Fact]
    public async Task A_Retry_After_longer_than_the_longest_wait_goes_back_to_the_caller_at_once()
    {
        await using var harness = await ClientHarness.StartAsync(settings: new Dictionary<string, string?> { ["OpenRouter:MaxRetryDelay"] = "00:00:00.500" });

        using (ClientHarness.Fault("429;retry-after=30"))
        {
            var failure = await Assert.ThrowsAsync<OpenRouterException>(() => harness.Get<IChatCompletions>().CompleteAsync(harness.UserKey, ClientHarness.Chat("Later")));
            Assert.Equal((OpenRouterFailureKind.RateLimited, TimeSpan.FromSeconds(30)), (failure.Kind, failure.RetryAfter));
        }

        Assert.Single(harness.Requests("/chat/completions"));
    }

    [Fact]
    public async Task MaxRetries_zero_sends_once()
    {
        await using var harness = await ClientHarness.StartAsync(settings: new Dictionary<string, string?> { ["OpenRouter:MaxRetries"] = "0" });

        using (ClientHarness.Fault("503"))
        {
            await Assert.ThrowsAsync<OpenRouterException>(() => harness.Get<IModelCatalogueSource>().GetModelsAsync());
        }

        Assert.Single(harness.Requests("/models"));
    }
}
