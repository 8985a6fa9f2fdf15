using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Domain.Models;
using OpenRouterSaaS.Infrastructure.Catalogue;
using OpenRouterSaaS.IntegrationTests.Infrastructure;
using OpenRouterSaaS.Tests.Shared;

namespace OpenRouterSaaS.IntegrationTests.Models;

/// <summary>The catalogue refresh as the worker runs it: job, lock, mediator pipeline, handler, PostgreSQL.</summary>
public sealed class CatalogueRefreshTests : IClassFixture<PostgresDatabase>, IAsyncLifetime, IDisposable
{
    private readonly PostgresDatabase _database;
    private readonly FakeModelCatalogueSource _source = new();
    private readonly AppServices _app;

    public CatalogueRefreshTests(PostgresDatabase database)
    {
        _database = database;
        _app = new AppServices(_database, _source);
    }

    public async Task InitializeAsync()
    {
        await using var scope = _database.OpenScope();
        await scope.Db.CatalogueModels.ExecuteDeleteAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _app.Dispose();

    private async Task<List<CatalogueModel>> StoredAsync()
    {
        await using var scope = _database.OpenScope();
        return await scope.Db.CatalogueModels.AsNoTracking().OrderBy(model => model.Id).ToListAsync();
    }

    private static string Describe(CatalogueModel model) =>
        $"{model.Id}|{model.Name}|{model.Provider}|{model.ContextLength}|{model.PromptPrice}|{model.CompletionPrice}|{model.RequestPrice}|{model.InputCacheReadPrice}|{model.InputCacheWritePrice}|{string.Join(",", model.SupportedParameters)}|{model.FirstSeenAt:O}|{model.LastSeenAt:O}|{model.RemovedAt:O}";

    [Fact]
    public async Task The_first_refresh_stores_every_model_with_its_provider_exact_prices_parameters_and_times()
    {
        Assert.Equal(CatalogueRefreshOutcome.Refreshed, await _app.Job.RunOnceAsync());

        var stored = await StoredAsync();
        Assert.Equal(SimulatorCatalogue.Ids.Order(StringComparer.Ordinal), stored.Select(model => model.Id));
        var sonnet = stored.Single(model => model.Id == "anthropic/claude-sonnet-4");
        Assert.Equal(("anthropic", "Anthropic: Claude Sonnet 4", 200_000), (sonnet.Provider, sonnet.Name, sonnet.ContextLength));
        Assert.Equal((0.000003m, 0.000015m, 0m, 0.0000003m, 0.00000375m), (sonnet.PromptPrice, sonnet.CompletionPrice, sonnet.RequestPrice, sonnet.InputCacheReadPrice, sonnet.InputCacheWritePrice));
        Assert.Equal(SimulatorCatalogue.Standard, sonnet.SupportedParameters);
        Assert.Equal((_app.Clock.Now, _app.Clock.Now, (DateTimeOffset?)null), (sonnet.FirstSeenAt, sonnet.LastSeenAt, sonnet.RemovedAt));
        var auto = stored.Single(model => model.Id == "openrouter/auto");
        Assert.Equal((null, null), (auto.PromptPrice, auto.CompletionPrice));
        Assert.Equal(0.000000075m, stored.Single(model => model.Id == "google/gemini-2.5-flash").InputCacheReadPrice);
    }

    [Fact]
    public async Task A_later_refresh_updates_models_in_place_and_keeps_when_they_were_first_seen()
    {
        await _app.Job.RunOnceAsync();
        var firstSeen = _app.Clock.Now;
        _app.Clock.Now = firstSeen.AddHours(1);
        var cheaper = SimulatorCatalogue.Models.Select(model => model.Id == "openai/gpt-4o"
            ? model with { Name = "OpenAI: GPT-4o (cheaper)", Prices = model.Prices with { Prompt = 0.000002m } }
            : model).ToList();
        _source.Answer(cheaper);

        Assert.Equal(CatalogueRefreshOutcome.Refreshed, await _app.Job.RunOnceAsync());

        var stored = await StoredAsync();
        Assert.Equal(17, stored.Count);
        var gpt4o = stored.Single(model => model.Id == "openai/gpt-4o");
        Assert.Equal(("OpenAI: GPT-4o (cheaper)", 0.000002m), (gpt4o.Name, gpt4o.PromptPrice));
        Assert.All(stored, model => Assert.Equal((firstSeen, firstSeen.AddHours(1)), (model.FirstSeenAt, model.LastSeenAt)));
    }

    [Fact]
    public async Task A_model_that_disappears_is_marked_removed_never_deleted_and_a_returning_one_is_restored()
    {
        await _app.Job.RunOnceAsync();
        var removedAt = _app.Clock.Now = _app.Clock.Now.AddHours(1);
        _source.Answer(SimulatorCatalogue.Without("openai/gpt-4o", "x-ai/grok-3-mini"));

        await _app.Job.RunOnceAsync();

        var stored = await StoredAsync();
        Assert.Equal(17, stored.Count);
        Assert.Equal(["openai/gpt-4o", "x-ai/grok-3-mini"], stored.Where(model => model.IsRemoved).Select(model => model.Id));
        Assert.All(stored.Where(model => model.IsRemoved), model => Assert.Equal(removedAt, model.RemovedAt));

        // Still missing an hour later: the date it went missing stays.
        _app.Clock.Now = removedAt.AddHours(1);
        _source.Answer(SimulatorCatalogue.Without("x-ai/grok-3-mini"));
        await _app.Job.RunOnceAsync();

        stored = await StoredAsync();
        Assert.False(stored.Single(model => model.Id == "openai/gpt-4o").IsRemoved);
        Assert.Equal(removedAt, stored.Single(model => model.Id == "x-ai/grok-3-mini").RemovedAt);
    }

    public static TheoryData<string, IReadOnlyList<PublishedModel>, string> MalformedAnswers => new()
    {
        { "empty", [], "the answer lists no models." },
        { "duplicate", [.. SimulatorCatalogue.Models, SimulatorCatalogue.Models[3]], "\"openai/gpt-4.1\" is listed twice." },
        { "bad id", [.. SimulatorCatalogue.Models.Take(5), SimulatorCatalogue.Models[5] with { Id = "claude 3.5 haiku" }], "entry 6: \"claude 3.5 haiku\" is not a model id of the form provider/name." },
        { "negative price", [SimulatorCatalogue.Models[1] with { Prices = SimulatorCatalogue.Models[1].Prices with { Completion = -1m } }], "\"openai/gpt-4o\" has a negative price." },
    };

    [Theory]
    [MemberData(nameof(MalformedAnswers))]
    public async Task A_malformed_answer_is_refused_whole_and_the_last_good_catalogue_stays(string kind, IReadOnlyList<PublishedModel> answer, string reason)
    {
        await _app.Job.RunOnceAsync();
        var before = (await StoredAsync()).Select(Describe).ToList();
        _app.Clock.Now = _app.Clock.Now.AddHours(1);
        _source.Answer(answer);

        Assert.Equal(CatalogueRefreshOutcome.Failed, await _app.Job.RunOnceAsync());

        Assert.Equal(before, (await StoredAsync()).Select(Describe));
        var warning = Assert.Single(_app.Log.Entries, entry => entry.Level == LogLevel.Warning);
        Assert.Equal($"The model catalogue was not refreshed; the last good catalogue stays in use. OpenRouter's catalogue answer was refused: {reason}", warning.Message);
        Assert.False(string.IsNullOrEmpty(kind));
    }

    [Fact]
    public async Task An_unreadable_catalogue_keeps_the_last_good_one_and_logs_the_reason_without_a_stack_trace()
    {
        await _app.Job.RunOnceAsync();
        var before = (await StoredAsync()).Select(Describe).ToList();
        _source.Fail(new HttpRequestException("Response status code does not indicate success: 503 (Service Unavailable)."));

        Assert.Equal(CatalogueRefreshOutcome.Failed, await _app.Job.RunOnceAsync());

        Assert.Equal(before, (await StoredAsync()).Select(Describe));
        var warning = Assert.Single(_app.Log.Entries, entry => entry.Level == LogLevel.Warning);
        Assert.Equal("The model catalogue was not refreshed; the last good catalogue stays in use. OpenRouter's catalogue could not be read: HttpRequestException: Response status code does not indicate success: 503 (Service Unavailable).", warning.Message);
        Assert.Null(warning.Exception);
    }

    [Fact]
    public async Task A_failure_before_any_good_answer_leaves_the_catalogue_empty()
    {
        _source.Answer([]);

        Assert.Equal(CatalogueRefreshOutcome.Failed, await _app.Job.RunOnceAsync());

        Assert.Empty(await StoredAsync());
    }

    [Fact]
    public async Task While_another_instance_holds_the_lock_the_refresh_skips_without_calling_OpenRouter()
    {
        await using var otherInstance = new NpgsqlConnection(_database.ConnectionString);
        await otherInstance.OpenAsync();
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({CatalogueRefreshJob.LockKey})", otherInstance))
        {
            await take.ExecuteNonQueryAsync();
        }

        Assert.Equal(CatalogueRefreshOutcome.Skipped, await _app.Job.RunOnceAsync());
        Assert.Equal(0, _source.Calls);
        Assert.Empty(await StoredAsync());

        await using (var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({CatalogueRefreshJob.LockKey})", otherInstance))
        {
            await release.ExecuteNonQueryAsync();
        }

        Assert.Equal(CatalogueRefreshOutcome.Refreshed, await _app.Job.RunOnceAsync());
        Assert.Equal(17, (await StoredAsync()).Count);
    }

    [Fact]
    public async Task Two_instances_refreshing_at_once_run_one_refresh()
    {
        await using var secondInstance = new AppServices(_database, _source);
        _source.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = _app.Job.RunOnceAsync();
        await WaitUntilAsync(() => _source.Calls == 1);

        var second = await secondInstance.Job.RunOnceAsync();
        _source.Gate.SetResult();

        Assert.Equal(CatalogueRefreshOutcome.Skipped, second);
        Assert.Equal(CatalogueRefreshOutcome.Refreshed, await first);
        Assert.Equal(1, _source.Calls);
        Assert.Equal(17, (await StoredAsync()).Count);
    }

    [Fact]
    public async Task Without_a_source_the_job_does_nothing_and_the_worker_warns_once_and_stops()
    {
        await using var unconfigured = new AppServices(_database);
        var worker = new CatalogueRefreshWorker(unconfigured.Job, Options.Create(new CatalogueRefreshOptions()), TimeProvider.System, new CapturingLogger<CatalogueRefreshWorker>(unconfigured.Log));

        Assert.Equal(CatalogueRefreshOutcome.NoSource, await unconfigured.Job.RunOnceAsync());
        await worker.StartAsync(CancellationToken.None);
        await worker.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(10));

        var warning = Assert.Single(unconfigured.Log.Entries, entry => entry.Level == LogLevel.Warning);
        Assert.Contains("No model catalogue source (IModelCatalogueSource) is registered", warning.Message, StringComparison.Ordinal);
        Assert.Empty(await StoredAsync());
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    private sealed class CapturingLogger<T>(CapturedLog log) : ILogger<T>
    {
        private readonly ILogger _inner = log.CreateLogger(typeof(T).FullName!);

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => NullLogger.Instance.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _inner.Log(logLevel, eventId, state, exception, formatter);
    }
}
