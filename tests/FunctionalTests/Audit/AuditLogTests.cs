using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OpenRouterSaaS.Application.Audit.GetAuditLog;
using OpenRouterSaaS.Domain.Audit;
using OpenRouterSaaS.FunctionalTests.Infrastructure;
using OpenRouterSaaS.Infrastructure.Persistence;
using OpenRouterSaaS.Infrastructure.Tenancy;

namespace OpenRouterSaaS.FunctionalTests.Audit;

/// <summary>Admins read who changed what, newest first, narrowed by action, person and days, a page at a time; no entry ever holds a secret.</summary>
public sealed class AuditLogTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task A_new_tenant_has_an_empty_audit_log()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();

        var page = await owner.GetAsync($"/t/{slug}/admin/audit");

        Assert.Equal("Audit log", page.Heading);
        Assert.StartsWith("Nothing has been recorded yet.", page.Text("#audit-empty"), StringComparison.Ordinal);
        Assert.False(page.Has("#audit-table"), "An empty log shows a table.");
    }

    [Fact]
    public async Task Token_changes_appear_newest_first_with_who_made_them_and_no_entry_holds_a_token()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var member = await fixture.AddMemberAsync(owner, slug);
        var (_, laptop) = await member.CreateApiTokenAsync(slug, "laptop");
        var (_, ci) = await member.CreateApiTokenAsync(slug, "CI");
        await member.RevokeApiTokenAsync(slug, "laptop");
        var admin = await owner.GetAsync($"/t/{slug}/admin/tokens");
        await owner.SubmitAsync(admin, $"tr[data-token-name=\"CI\"] form");

        var page = await owner.GetAsync($"/t/{slug}/admin/audit");

        Assert.Equal(
            [
                $"Revoked the API token \"CI\" of {member.Email}.",
                "Revoked the API token \"laptop\".",
                "Created the API token \"CI\".",
                "Created the API token \"laptop\".",
            ],
            page.Texts("#audit-table .audit-summary"));
        Assert.Equal([owner.Email, member.Email, member.Email, member.Email], page.Texts("#audit-table .audit-actor"));
        Assert.Equal(["api_token.revoked", "api_token.revoked", "api_token.created", "api_token.created"], page.Texts("#audit-table .audit-action"));
        foreach (var token in new[] { laptop, ci })
        {
            Assert.False(page.Source.Contains(token[4..], StringComparison.Ordinal), "The audit page shows a token.");
            Assert.False((await fixture.Stored.RowsAsTextAsync("audit_entries")).Any(row => row.Contains(token[4..], StringComparison.Ordinal)), "An audit entry holds a token.");
        }

        Assert.False((await fixture.Stored.RowsAsTextAsync("audit_entries")).Any(AuditEntry.LooksSecret), "An audit entry holds something shaped like a token or a key.");
    }

    [Fact]
    public async Task The_filters_narrow_by_action_person_and_days_and_the_address_keeps_them()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var member = await fixture.AddMemberAsync(owner, slug);
        var today = DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime);
        await member.CreateApiTokenAsync(slug, "first");
        using (fixture.Clock.Travel(TimeSpan.FromDays(3)))
        {
            await owner.CreateApiTokenAsync(slug, "later");
            await member.RevokeApiTokenAsync(slug, "first");
        }

        var log = await owner.GetAsync($"/t/{slug}/admin/audit");
        var byAction = await owner.SubmitAsync(log, "#audit-filter", ("action", AuditActions.ApiTokenCreated));
        var byPerson = await owner.SubmitAsync(log, "#audit-filter", ("actor", (await fixture.Stored.UserAsync(member.Email))!.Id.ToString()));
        var byDay = await owner.SubmitAsync(log, "#audit-filter", ("from", today.ToString("yyyy-MM-dd")), ("to", today.ToString("yyyy-MM-dd")));
        var byAll = await owner.GetAsync(
            $"/t/{slug}/admin/audit?action=api_token.created&actor={(await fixture.Stored.UserAsync(owner.Email))!.Id}&from={today.AddDays(1):yyyy-MM-dd}");

        Assert.Equal(["Created the API token \"later\".", "Created the API token \"first\"."], byAction.Texts("#audit-table .audit-summary"));
        Assert.Contains("action=api_token.created", byAction.Url.Query, StringComparison.Ordinal);
        Assert.Equal(AuditActions.ApiTokenCreated, byAction.FieldValue("action"));
        Assert.Equal(["Revoked the API token \"first\".", "Created the API token \"first\"."], byPerson.Texts("#audit-table .audit-summary"));
        Assert.Equal(["Created the API token \"first\"."], byDay.Texts("#audit-table .audit-summary"));
        Assert.Equal(["Created the API token \"later\"."], byAll.Texts("#audit-table .audit-summary"));
        Assert.Equal(new[] { member.Email, owner.Email }.Order(StringComparer.OrdinalIgnoreCase), log.Texts("#filter-actor option").Skip(1));
    }

    [Fact]
    public async Task Filters_that_match_nothing_say_so()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        await owner.CreateApiTokenAsync(slug, "laptop");

        var page = await owner.GetAsync($"/t/{slug}/admin/audit?action={AuditActions.AllowListUpdated}");

        Assert.Equal("No entries match these filters.", page.Text("#audit-empty"));
        Assert.Equal($"/t/{slug}/admin/audit", page.Href("#audit-filter-clear"));
    }

    [Fact]
    public async Task The_log_is_read_fifty_entries_a_page()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        await AddEntriesAsync(slug, 55);

        var first = await owner.GetAsync($"/t/{slug}/admin/audit");
        var second = await owner.GetAsync(first.Href("#audit-older"));
        var back = await owner.GetAsync(second.Href("#audit-newer"));

        Assert.Equal(GetAuditLogHandler.PageSize, first.Texts("#audit-table .audit-summary").Count);
        Assert.Equal("Entry 55", first.Texts("#audit-table .audit-summary")[0]);
        Assert.False(first.Has("#audit-newer"), "The first page links to a newer one.");
        Assert.Equal(["Entry 5", "Entry 4", "Entry 3", "Entry 2", "Entry 1"], second.Texts("#audit-table .audit-summary"));
        Assert.Equal("Page 2", second.Text("#audit-page"));
        Assert.False(second.Has("#audit-older"), "The last page links to an older one.");
        Assert.Equal(first.Texts("#audit-table .audit-summary"), back.Texts("#audit-table .audit-summary"));
    }

    [Fact]
    public async Task Paging_keeps_the_filters()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        await AddEntriesAsync(slug, 51, AuditActions.AllowListUpdated);
        await owner.CreateApiTokenAsync(slug, "laptop");

        var first = await owner.GetAsync($"/t/{slug}/admin/audit?action={AuditActions.AllowListUpdated}");
        var second = await owner.GetAsync(first.Href("#audit-older"));

        Assert.Equal(["Entry 1"], second.Texts("#audit-table .audit-summary"));
        Assert.Contains($"action={AuditActions.AllowListUpdated}", second.Url.Query, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("?from=2027-02-01&to=2027-01-31", GetAuditLogValidator.RangeMessage)]
    [InlineData("?action=token.stolen", GetAuditLogValidator.UnknownActionMessage)]
    [InlineData("?p=0", GetAuditLogValidator.PageMessage)]
    [InlineData("?from=yesterday", "The filters could not be read: choose an action and a person from the lists, and enter days as dates such as 2027-01-31.")]
    [InlineData("?actor=someone", "The filters could not be read: choose an action and a person from the lists, and enter days as dates such as 2027-01-31.")]
    public async Task Filters_that_make_no_sense_are_explained(string query, string message)
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        await owner.CreateApiTokenAsync(slug, "laptop");

        var page = await owner.GetAsync($"/t/{slug}/admin/audit{query}");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(message, page.Text("#audit-filter .alert-danger"));
        Assert.False(page.Has("#audit-table"), "Entries were listed for filters that make no sense.");
    }

    /// <summary>Entries written straight to the database, a second apart, as other features will record them.</summary>
    private async Task AddEntriesAsync(string slug, int count, string action = AuditActions.KeyPolicyUpdated)
    {
        var tenant = (await fixture.Stored.TenantAsync(slug))!;
        await using var scope = fixture.App.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Enter(tenant.Id, tenant.Slug, role: null);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var start = fixture.Clock.GetUtcNow().AddHours(-1);
        for (var i = 1; i <= count; i++)
        {
            db.AuditEntries.Add(new AuditEntry(tenant.Id, null, action, "tenant", tenant.Id, $"Entry {i}", null, start.AddSeconds(i)));
        }

        await db.SaveChangesAsync();
    }
}
