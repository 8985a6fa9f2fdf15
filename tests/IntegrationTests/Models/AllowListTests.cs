using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenRouterSaaS.Application.Common;
using OpenRouterSaaS.Application.Models.Access;
using OpenRouterSaaS.Application.Models.GetModelAllowList;
using OpenRouterSaaS.Application.Models.GetModelCatalogue;
using OpenRouterSaaS.Application.Models.UpdateModelAllowList;
using OpenRouterSaaS.Application.Tenants.CreateTenant;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Models;
using OpenRouterSaaS.Domain.Tenants;
using OpenRouterSaaS.IntegrationTests.Infrastructure;
using OpenRouterSaaS.Tests.Shared;

namespace OpenRouterSaaS.IntegrationTests.Models;

/// <summary>Saving and reading a tenant's allow-list through the mediator pipeline, against the simulator's catalogue.</summary>
public sealed class AllowListTests : IClassFixture<PostgresDatabase>, IAsyncLifetime, IDisposable
{
    private readonly PostgresDatabase _database;
    private readonly FakeModelCatalogueSource _source = new();
    private readonly AppServices _app;

    public AllowListTests(PostgresDatabase database)
    {
        _database = database;
        _app = new AppServices(database, _source);
    }

    public async Task InitializeAsync() => await _app.Job.RunOnceAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _app.Dispose();

    private static UpdateModelAllowListCommand Save(string[] allow, string[]? deny = null, decimal? maxPrompt = null, decimal? maxCompletion = null, ModelAccessMode mode = ModelAccessMode.AllowListed) =>
        new(mode, allow, deny ?? [], maxPrompt, maxCompletion);

    private async Task<ModelAllowList?> StoredAsync(Tenant tenant)
    {
        await using var scope = _database.OpenScope();
        return await scope.Db.ModelAllowLists.IgnoreQueryFilters([QueryFilters.Tenant]).AsNoTracking().SingleOrDefaultAsync(allowList => allowList.TenantId == tenant.Id);
    }

    private static string Describe(ModelAllowList? allowList) => allowList is null
        ? "none"
        : $"{allowList.Mode}|{string.Join(",", allowList.AllowPatterns)}|{string.Join(",", allowList.DenyPatterns)}|{allowList.MaxPromptPricePerMillion}|{allowList.MaxCompletionPricePerMillion}|{allowList.UpdatedAt:O}|{allowList.UpdatedByUserId}";

    private async Task<(Tenant Tenant, Guid AdminId)> TenantWithAdminAsync()
    {
        var tenant = await _database.AddTenantAsync();
        var admin = await _database.AddMemberAsync(tenant, TenantRole.Admin);
        return (tenant, admin.UserId);
    }

    [Fact]
    public async Task A_new_tenant_starts_with_the_stored_default_allow_list()
    {
        var creator = await _database.AddUserAsync();

        var created = await _app.SendAsync(new CreateTenantCommand("Acme", TestData.UniqueSlug()), userId: creator.Id);

        var stored = await StoredAsync(new Tenant("x", "x", TestData.Now).WithId(created.Value.Id));
        Assert.NotNull(stored);
        Assert.Equal((ModelAccessMode.AllowListed, 1m, 4m, (Guid?)null), (stored.Mode, stored.MaxPromptPricePerMillion, stored.MaxCompletionPricePerMillion, stored.UpdatedByUserId));
        Assert.Equal(["*:free"], stored.AllowPatterns);
    }

    [Fact]
    public async Task A_tenant_without_a_stored_allow_list_gets_the_default_and_its_first_save_stores_one()
    {
        var (tenant, adminId) = await TenantWithAdminAsync();

        var editor = await _app.QueryAsync(new GetModelAllowListQuery(), tenant, TenantRole.Admin, adminId);
        Assert.True(editor.Value.Settings.IsDefault);
        Assert.Equal(["deepseek/deepseek-r1:free", "meta-llama/llama-3.3-70b-instruct:free"], editor.Value.Preview.Allowed.Select(model => model.Id));
        Assert.Null(await StoredAsync(tenant));

        var saved = await _app.SendAsync(Save(["anthropic/*", "google/*"]), tenant, TenantRole.Admin, adminId);

        Assert.True(saved.IsSuccess);
        Assert.Equal((4, 17), (saved.Value.AllowedCount, saved.Value.CatalogueCount));
        var stored = await StoredAsync(tenant);
        Assert.Equal(["anthropic/*", "google/*"], stored!.AllowPatterns);
        Assert.Equal((null, null, adminId), (stored.MaxPromptPricePerMillion, stored.MaxCompletionPricePerMillion, stored.UpdatedByUserId));
    }

    [Fact]
    public async Task Saving_replaces_the_whole_allow_list_and_reports_patterns_that_match_nothing()
    {
        var (tenant, adminId) = await TenantWithAdminAsync();
        await _app.SendAsync(Save(["anthropic/*"], ["x-ai/*"], 2m, 8m), tenant, TenantRole.Admin, adminId);

        var saved = await _app.SendAsync(Save([" OpenAI/GPT-4o* ", "cohere/*"], mode: ModelAccessMode.AllowListed, maxCompletion: 5m), tenant, TenantRole.Admin, adminId);

        Assert.Equal(["\"cohere/*\" in the allow list matches no model in the catalogue now."], saved.Value.Warnings);
        var stored = await StoredAsync(tenant);
        Assert.Equal(["openai/gpt-4o*", "cohere/*"], stored!.AllowPatterns);
        Assert.Empty(stored.DenyPatterns);
        Assert.Equal((null, 5m), (stored.MaxPromptPricePerMillion, stored.MaxCompletionPricePerMillion));
        Assert.Equal(1, saved.Value.AllowedCount);
    }

    [Fact]
    public async Task An_invalid_pattern_is_refused_naming_it_and_nothing_changes()
    {
        var (tenant, adminId) = await TenantWithAdminAsync();
        await _app.SendAsync(Save(["anthropic/*"]), tenant, TenantRole.Admin, adminId);
        var before = Describe(await StoredAsync(tenant));

        var result = await _app.SendAsync(Save(["google/*", "openai/gpt 4o"]), tenant, TenantRole.Admin, adminId);

        Assert.Equal(ErrorKind.Invalid, result.Error!.Kind);
        Assert.Contains("\"openai/gpt 4o\" is not a valid pattern", Assert.Single(result.Error.FieldErrors!["AllowPatterns"]), StringComparison.Ordinal);
        Assert.Equal(before, Describe(await StoredAsync(tenant)));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(5000)]
    public async Task A_negative_or_absurd_ceiling_is_refused_and_nothing_changes(int ceiling)
    {
        var (tenant, adminId) = await TenantWithAdminAsync();
        await _app.SendAsync(Save(["anthropic/*"], maxPrompt: 3m), tenant, TenantRole.Admin, adminId);
        var before = Describe(await StoredAsync(tenant));

        var result = await _app.SendAsync(Save(["anthropic/*"], maxPrompt: ceiling), tenant, TenantRole.Admin, adminId);

        Assert.Equal(["MaxPromptPricePerMillion"], result.Error!.FieldErrors!.Keys);
        Assert.Equal(before, Describe(await StoredAsync(tenant)));
    }

    [Fact]
    public async Task A_member_cannot_change_the_allow_list()
    {
        var (tenant, adminId) = await TenantWithAdminAsync();
        await _app.SendAsync(Save(["*:free"]), tenant, TenantRole.Admin, adminId);
        var member = await _database.AddMemberAsync(tenant, TenantRole.Member);
        var before = Describe(await StoredAsync(tenant));

        var result = await _app.SendAsync(Save(["*"], mode: ModelAccessMode.AllowAll), tenant, TenantRole.Member, member.UserId);

        Assert.Equal(ErrorKind.Forbidden, result.Error!.Kind);
        Assert.Equal(before, Describe(await StoredAsync(tenant)));
    }

    [Fact]
    public async Task Each_tenant_decides_by_its_own_allow_list()
    {
        var (a, adminOfA) = await TenantWithAdminAsync();
        var (b, adminOfB) = await TenantWithAdminAsync();
        await _app.SendAsync(Save(["anthropic/*"]), a, TenantRole.Admin, adminOfA);
        await _app.SendAsync(Save(["openai/*"]), b, TenantRole.Admin, adminOfB);

        await using (var scope = _app.OpenScope(a, TenantRole.Member))
        {
            var access = scope.ServiceProvider.GetRequiredService<TenantModelAccess>();
            Assert.True((await access.DecideAsync("anthropic/claude-sonnet-4")).IsAllowed);
            Assert.Equal(RefusalRule.NotListed, (await access.DecideAsync("openai/gpt-4o")).Refusal!.Rule);
        }

        await using (var scope = _app.OpenScope(b, TenantRole.Member))
        {
            var access = scope.ServiceProvider.GetRequiredService<TenantModelAccess>();
            Assert.Equal(["openai/gpt-4.1", "openai/gpt-4o", "openai/gpt-4o-mini"], (await access.AllowedModelsAsync()).Select(model => model.Id));
        }
    }

    [Fact]
    public async Task A_member_sees_only_the_allowed_models_searched_filtered_and_sorted()
    {
        var (tenant, adminId) = await TenantWithAdminAsync();
        await _app.SendAsync(Save(["anthropic/*", "google/*", "*:free", "openrouter/auto"]), tenant, TenantRole.Admin, adminId);
        var member = await _database.AddMemberAsync(tenant, TenantRole.Member);

        async Task<IReadOnlyList<string>> Shown(GetModelCatalogueQuery query) =>
            (await _app.QueryAsync(query, tenant, TenantRole.Member, member.UserId)).Value.Models.Select(model => model.Id).ToList();

        var page = (await _app.QueryAsync(new GetModelCatalogueQuery(), tenant, TenantRole.Member, member.UserId)).Value;
        Assert.Equal(7, page.AllowedCount);
        Assert.Equal(["anthropic", "deepseek", "google", "meta-llama", "openrouter"], page.Providers);
        Assert.Equal(_app.Clock.Now, page.RefreshedAt);
        Assert.Equal(["anthropic/claude-3.5-haiku", "anthropic/claude-sonnet-4"], await Shown(new GetModelCatalogueQuery(Search: "CLAUDE")));
        Assert.Equal(["google/gemini-2.5-flash"], await Shown(new GetModelCatalogueQuery(Search: "flash")));
        Assert.Equal(["deepseek/deepseek-r1:free", "meta-llama/llama-3.3-70b-instruct:free"], (await Shown(new GetModelCatalogueQuery(Price: PriceFilter.Free))).Order());
        Assert.Equal(["google/gemini-2.5-flash", "google/gemini-2.5-pro"], await Shown(new GetModelCatalogueQuery(Provider: "Google", Sort: ModelSort.PromptPrice)));
        Assert.Equal(
            ["google/gemini-2.5-flash", "anthropic/claude-3.5-haiku", "google/gemini-2.5-pro", "anthropic/claude-sonnet-4", "openrouter/auto"],
            await Shown(new GetModelCatalogueQuery(Price: PriceFilter.Paid, Sort: ModelSort.PromptPrice)));
        Assert.Equal("openrouter/auto", (await Shown(new GetModelCatalogueQuery(Sort: ModelSort.CompletionPrice)))[^1]);
    }

    [Fact]
    public async Task A_model_removed_from_the_catalogue_disappears_from_what_members_see_and_is_refused()
    {
        var (tenant, adminId) = await TenantWithAdminAsync();
        await _app.SendAsync(Save(["qwen/*", "x-ai/*"]), tenant, TenantRole.Admin, adminId);
        _source.Answer(SimulatorCatalogue.Without("x-ai/grok-3-mini"));
        await _app.Job.RunOnceAsync();

        try
        {
            await using var scope = _app.OpenScope(tenant, TenantRole.Member);
            var access = scope.ServiceProvider.GetRequiredService<TenantModelAccess>();
            Assert.Equal(["qwen/qwen-2.5-72b-instruct"], (await access.AllowedModelsAsync()).Select(model => model.Id));
            Assert.Equal(RefusalRule.RemovedModel, (await access.DecideAsync("x-ai/grok-3-mini")).Refusal!.Rule);
        }
        finally
        {
            _source.Answer(SimulatorCatalogue.Models);
            await _app.Job.RunOnceAsync();
        }
    }
}

internal static class TenantTestExtensions
{
    /// <summary>A stand-in tenant with a known id, for reading rows of a tenant created by a handler.</summary>
    public static Tenant WithId(this Tenant tenant, Guid id)
    {
        typeof(Tenant).GetProperty(nameof(Tenant.Id))!.SetValue(tenant, id);
        return tenant;
    }
}
