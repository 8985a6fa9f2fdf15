using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenRouterSaaS.Application.Common;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Domain.Budgets;
using OpenRouterSaaS.Domain.Models;
using OpenRouterSaaS.Domain.Tenants;
using OpenRouterSaaS.FunctionalTests.Infrastructure;
using OpenRouterSaaS.Infrastructure.Persistence;
using OpenRouterSimulator;
using Xunit.Sdk;

namespace OpenRouterSaaS.FunctionalTests.Budgets;

/// <summary>What the budget tests do: use the budgets page, seed and read this month's budget rows, and call the API.</summary>
public static class BudgetSteps
{
    /// <summary>A paid model of the simulator's catalogue with fixed prices.</summary>
    public const string Paid = "openai/gpt-4o-mini";

    public static string BudgetsPath(string slug) => $"/t/{slug}/admin/budgets";

    /// <summary>Fills in the limits form (fields not given keep what the page shows) and sends it; the page shown afterwards says how it went.</summary>
    public static async Task<HtmlPage> TrySetLimitsAsync(this TestUser admin, string slug,
        string? tenant = null, string? member = null, string? percent = null, string? maxTokens = null)
    {
        var page = await admin.GetAsync(BudgetsPath(slug));
        var fields = new List<(string, string)>();
        Add("Limits.MonthlyLimitUsd", tenant);
        Add("Limits.MemberMonthlyLimitUsd", member);
        Add("Limits.AlertPercent", percent);
        Add("Limits.DefaultMaxTokens", maxTokens);
        return await admin.SubmitAsync(page, "#budget-limits-form", [.. fields]);

        void Add(string name, string? value)
        {
            if (value is not null)
            {
                fields.Add((name, value));
            }
        }
    }

    public static async Task<HtmlPage> SetLimitsAsync(this TestUser admin, string slug,
        string? tenant = null, string? member = null, string? percent = null, string? maxTokens = null)
    {
        var page = await admin.TrySetLimitsAsync(slug, tenant, member, percent, maxTokens);
        if (page.StatusMessage != "The budget limits were saved. They apply from now on, to this month too.")
        {
            throw new XunitException($"Saving the limits failed on {page.Url} ({(int)page.Status}): {string.Join(" | ", page.Texts(".text-danger, .alert-danger"))}");
        }

        return page;
    }

    /// <summary>Types a limit into a member's row of the budgets page and presses Set.</summary>
    public static async Task<HtmlPage> TryOverrideAsync(this TestUser admin, string slug, string memberEmail, string limit)
    {
        var page = await admin.GetAsync(BudgetsPath(slug));
        return await admin.SubmitAsync(page, $"tr[data-member=\"{memberEmail}\"] .override-form", ("limit", limit));
    }

    /// <summary>Presses Clear in a member's row of the budgets page.</summary>
    public static async Task<HtmlPage> ClearOverrideAsync(this TestUser admin, string slug, string memberEmail)
    {
        var page = await admin.GetAsync(BudgetsPath(slug));
        return await admin.SubmitAsync(page, $"tr[data-member=\"{memberEmail}\"] .clear-override-form");
    }

    /// <summary>This UTC month's budget rows of a tenant, read from outside any tenant.</summary>
    public static async Task<List<Budget>> BudgetsAsync(this AppFixture fixture, string slug)
    {
        var month = BudgetMonth.Of(fixture.Clock.GetUtcNow());
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Budgets.IgnoreQueryFilters([QueryFilters.Tenant]).AsNoTracking()
            .Where(budget => budget.Month == month && db.Tenants.Any(tenant => tenant.Id == budget.TenantId && tenant.Slug == slug))
            .ToListAsync();
    }

    /// <summary>This month's budget row of the tenant (no email) or of one member, or null.</summary>
    public static async Task<Budget?> BudgetAsync(this AppFixture fixture, string slug, string? memberEmail = null)
    {
        var userId = memberEmail is null ? (Guid?)null : (await fixture.Stored.UserAsync(memberEmail))!.Id;
        return (await fixture.BudgetsAsync(slug)).SingleOrDefault(budget => budget.MemberUserId == userId);
    }

    /// <summary>Every member's own limit ("email=limit", "email=" when they follow the default), as one line.</summary>
    public static async Task<string> OverridesAsync(this AppFixture fixture, string slug)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var overrides = await db.Memberships.IgnoreQueryFilters([QueryFilters.Tenant])
            .Where(membership => db.Tenants.Any(tenant => tenant.Id == membership.TenantId && tenant.Slug == slug))
            .Join(db.Users, membership => membership.UserId, user => user.Id, (membership, user) => new { user.Email, membership.MonthlyLimitOverrideUsd })
            .OrderBy(row => row.Email)
            .ToListAsync();
        return string.Join(",", overrides.Select(row => $"{row.Email}={row.MonthlyLimitOverrideUsd}"));
    }

    /// <summary>
    /// Gives this month's budget row of the tenant (no email) or of a member the amounts given, as calls would have left
    /// them; a row that does not exist yet is made with the limit in force.
    /// </summary>
    public static async Task SeedSpendAsync(this AppFixture fixture, string slug, string? memberEmail, decimal spent, decimal reserved = 0m)
    {
        var tenant = (await fixture.Stored.TenantAsync(slug))!;
        var membership = memberEmail is null ? null : await fixture.Stored.MembershipAsync(slug, memberEmail);
        var limit = membership is null ? tenant.MonthlyLimitUsd : membership.MonthlyLimitUsd(tenant);
        var month = BudgetMonth.Of(fixture.Clock.GetUtcNow());
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO budgets (id, tenant_id, member_user_id, month, limit_usd, spent_usd, reserved_usd)
            VALUES ({Guid.CreateVersion7()}, {tenant.Id}, {membership?.UserId}, {month}, {limit}, {spent}, {reserved})
            ON CONFLICT (tenant_id, member_user_id, month) DO UPDATE SET spent_usd = excluded.spent_usd, reserved_usd = excluded.reserved_usd
            """);
    }

    /// <summary>Lets the tenant's members use the given models (as the allow-list page would).</summary>
    public static async Task AllowAsync(this AppFixture fixture, string slug, params string[] patterns)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var tenant = await db.Tenants.SingleAsync(row => row.Slug == slug);
        scope.ServiceProvider.GetRequiredService<ITenantContext>().Enter(tenant.Id, tenant.Slug, TenantRole.Owner);
        var allowList = await db.ModelAllowLists.SingleOrDefaultAsync();
        if (allowList is null)
        {
            allowList = ModelAllowList.CreateDefault(tenant.Id, fixture.Clock.GetUtcNow());
            db.ModelAllowLists.Add(allowList);
        }

        var owner = await db.Memberships.Where(row => row.Role == TenantRole.Owner).Select(row => row.UserId).FirstAsync();
        allowList.Change(new AllowListRules(ModelAccessMode.AllowListed, [.. patterns.Select(ModelPattern.Parse)], [], 1m, 4m), owner, fixture.Clock.GetUtcNow());
        await db.SaveChangesAsync();
    }

    /// <summary>A tenant whose owner pays with the tenant's shared key, may use <see cref="Paid"/>, and has an API token.</summary>
    public static async Task<(TestUser Owner, string Slug, string Token)> SharedKeyTenantAsync(this AppFixture fixture)
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        await fixture.AllowAsync(slug, Paid);
        await owner.SetSharedKeyAsync(slug, fixture.App.Simulator.CreateKey(new SimulatedKeyRequest("budget test")).Key);
        var (_, token) = await owner.CreateApiTokenAsync(slug);
        return (owner, slug, token);
    }

    /// <summary>A non-streamed chat completion through the API with <paramref name="token"/>.</summary>
    public static async Task<HttpResponseMessage> ChatAsync(this AppFixture fixture, string token, string prompt = "Say hello.", int? maxTokens = 16)
    {
        var body = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["model"] = Paid,
            ["messages"] = new[] { new { role = "user", content = prompt } },
            ["max_tokens"] = maxTokens,
        }.Where(pair => pair.Value is not null).ToDictionary());
        using var client = fixture.App.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/chat/completions")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request);
    }

    /// <summary>The error a refused API call answered, in OpenRouter's shape.</summary>
    public static async Task<(int Code, string Message)> ErrorOfAsync(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = json.RootElement.GetProperty("error");
        return (error.GetProperty("code").GetInt32(), error.GetProperty("message").GetString()!);
    }
}
