using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpenRouterSaaS.Application.Usage.ImportActivity;
using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.Domain.Tenants;
using OpenRouterSaaS.Infrastructure.Usage;
using OpenRouterSaaS.IntegrationTests.Budgets;
using OpenRouterSaaS.IntegrationTests.Infrastructure;

namespace OpenRouterSaaS.IntegrationTests.Usage;

/// <summary>OpenRouter's daily activity, imported per tenant with its management key and stored per day and model.</summary>
public sealed class ActivityImportTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(BudgetData.March.UtcDateTime);

    [Fact]
    public async Task An_import_stores_each_day_and_model_adding_up_the_providers_OpenRouter_reports_it_under()
    {
        await using var world = new LedgerWorld(database);
        var (tenant, key) = await ManagedTenantAsync(world);
        world.Activity.Set(key,
            FakeActivity.Row(Today.AddDays(-1), "openai/gpt-4o", 0.25m, requests: 3, provider: "OpenAI"),
            FakeActivity.Row(Today.AddDays(-1), "openai/gpt-4o", 0.05m, requests: 1, provider: "Azure"),
            FakeActivity.Row(Today.AddDays(-2), "anthropic/claude-sonnet-4", 1.5m, requests: 2));

        var import = await ImportAsync(world, tenant);

        Assert.Equal(new ActivityImport(Today.AddDays(-30), Today.AddDays(-1), 2), import);
        var stored = await world.ActivityOfAsync(tenant);
        Assert.Equal(
            [(Today.AddDays(-2), "anthropic/claude-sonnet-4", 1.5m, 2, 20L, 40L), (Today.AddDays(-1), "openai/gpt-4o", 0.30m, 4, 40L, 80L)],
            stored.Select(day => (day.Date, day.Model, day.UsageUsd, day.Requests, day.PromptTokens, day.CompletionTokens)));
        Assert.All(stored, day => Assert.Equal(BudgetData.March, day.ImportedAt));
    }

    [Fact]
    public async Task Importing_again_replaces_the_figures_of_the_days_it_covers_and_keeps_older_days()
    {
        await using var world = new LedgerWorld(database);
        var (tenant, key) = await ManagedTenantAsync(world);
        world.Activity.Set(key,
            FakeActivity.Row(Today.AddDays(-30), "openai/gpt-4o", 0.10m),
            FakeActivity.Row(Today.AddDays(-1), "openai/gpt-4o", 0.20m),
            FakeActivity.Row(Today.AddDays(-1), "google/gemini-2.5-flash", 0.01m));
        await ImportAsync(world, tenant);

        // A day later: the oldest day left OpenRouter's window, yesterday's figures changed, and one model is no longer reported.
        world.Clock.Now = BudgetData.March.AddDays(1);
        world.Activity.Set(key,
            FakeActivity.Row(Today.AddDays(-1), "openai/gpt-4o", 0.27m, requests: 2),
            FakeActivity.Row(Today, "openai/gpt-4o", 0.05m));
        var again = await ImportAsync(world, tenant);

        Assert.Equal((Today.AddDays(-29), Today, 2), (again!.From, again.To, again.Rows));
        var stored = await world.ActivityOfAsync(tenant);
        Assert.Equal(
            [(Today.AddDays(-30), "openai/gpt-4o", 0.10m, 1), (Today.AddDays(-1), "openai/gpt-4o", 0.27m, 2), (Today, "openai/gpt-4o", 0.05m, 1)],
            stored.Select(day => (day.Date, day.Model, day.UsageUsd, day.Requests)));
    }

    [Fact]
    public async Task A_tenant_without_a_management_key_imports_nothing()
    {
        await using var world = new LedgerWorld(database);
        var tenant = await database.AddTenantAsync();
        await world.AddKeyAsync(tenant, CredentialKind.Shared, LedgerWorld.NewKey());

        Assert.Null(await ImportAsync(world, tenant));
        Assert.Empty(world.Activity.Asked);
    }

    [Fact]
    public async Task Two_imports_of_one_tenant_at_once_both_succeed_and_store_each_row_once()
    {
        await using var world = new LedgerWorld(database);
        var (tenant, key) = await ManagedTenantAsync(world);
        world.Activity.Set(key, FakeActivity.Row(Today.AddDays(-1), "openai/gpt-4o", 0.20m), FakeActivity.Row(Today.AddDays(-2), "openai/gpt-4o", 0.10m));
        await using var otherInstance = world.Instance();

        var imports = await Task.WhenAll(Task.Run(() => ImportAsync(world, tenant)), Task.Run(() => ImportAsync(world, tenant, otherInstance)));

        Assert.All(imports, import => Assert.Equal(2, import!.Rows));
        Assert.Equal(2, (await world.ActivityOfAsync(tenant)).Count);
    }

    [Fact]
    public async Task The_daily_round_imports_each_tenant_with_a_management_key_once_a_day_and_one_instance_at_a_time()
    {
        await using var world = new LedgerWorld(database);
        var (managed, key) = await ManagedTenantAsync(world);
        var unmanaged = await database.AddTenantAsync();
        await world.AddKeyAsync(unmanaged, CredentialKind.Shared, LedgerWorld.NewKey());
        world.Activity.Set(key, FakeActivity.Row(Today.AddDays(-1), "openai/gpt-4o", 0.20m));
        var sweep = world.Main.GetRequiredService<ActivityImportSweep>();

        await using (await HoldLockAsync())
        {
            Assert.Null(await sweep.RunOnceAsync());
            Assert.Empty(await world.ActivityOfAsync(managed));
        }

        // Other tests' tenants may be imported too; this one's activity is there, and the other tenant was not asked for.
        Assert.True(await sweep.RunOnceAsync() >= 1);
        Assert.Single(await world.ActivityOfAsync(managed));
        Assert.Single(world.Activity.Asked, asked => asked == key);

        // Imported less than half a day ago: not again.
        world.Clock.Now = BudgetData.March.AddHours(11);
        await sweep.RunOnceAsync();
        Assert.Single(world.Activity.Asked, asked => asked == key);
        world.Clock.Now = BudgetData.March.AddHours(13);
        await sweep.RunOnceAsync();
        Assert.Equal(2, world.Activity.Asked.Count(asked => asked == key));
    }

    private async Task<(Tenant Tenant, string ManagementKey)> ManagedTenantAsync(LedgerWorld world)
    {
        var tenant = await database.AddTenantAsync();
        var key = LedgerWorld.NewKey();
        await world.AddKeyAsync(tenant, CredentialKind.Management, key);
        return (tenant, key);
    }

    private static async Task<ActivityImport?> ImportAsync(LedgerWorld world, Tenant tenant, ServiceProvider? instance = null)
    {
        await using var scope = world.Enter(tenant, instance);
        return await scope.ServiceProvider.GetRequiredService<TenantActivityImporter>().ImportAsync();
    }

    /// <summary>Another instance's round in progress: it holds the advisory lock on a connection of its own until disposed.</summary>
    private async Task<IAsyncDisposable> HoldLockAsync()
    {
        var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection);
        command.Parameters.AddWithValue("key", ActivityImportSweep.LockKey);
        await command.ExecuteScalarAsync();
        return new HeldLock(connection);
    }

    /// <summary>Lets go as the other instance would at the end of its round (a closed session's locks go only once its server process has ended).</summary>
    private sealed class HeldLock(NpgsqlConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await using (var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", connection))
            {
                await unlock.ExecuteNonQueryAsync();
            }

            await connection.DisposeAsync();
        }
    }
}
