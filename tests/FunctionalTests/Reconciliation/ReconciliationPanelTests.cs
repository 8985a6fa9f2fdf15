using System.Net;
using OpenRouterSaaS.Application.Usage;
using OpenRouterSaaS.Application.Usage.GetReconciliation;
using OpenRouterSaaS.Application.Usage.ImportActivity;
using OpenRouterSaaS.Application.Usage.Reconciliation;
using OpenRouterSaaS.Domain.Audit;
using OpenRouterSaaS.FunctionalTests.Infrastructure;
using OpenRouterSaaS.Web.Pages.Shared;
using OpenRouterSaaS.Web.Pages.Tenant.Admin;
using OpenRouterSimulator;

namespace OpenRouterSaaS.FunctionalTests.Reconciliation;

/// <summary>
/// The reconciliation page at <c>/t/{slug}/admin/reconciliation</c>: a call OpenRouter billed differently from its response
/// is corrected by the worker, and the panel shows the ledger beside OpenRouter's activity with the drift highlighted.
/// </summary>
public sealed class ReconciliationPanelTests(ReconciliationAppFixture fixture) : IClassFixture<ReconciliationAppFixture>
{
    private const string Model = "openai/gpt-4o-mini";

    [Fact]
    public async Task A_call_billed_more_than_its_response_said_is_drift_until_reconciled_and_then_the_ledger_and_budgets_follow_the_bill()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        await fixture.AllowAsync(slug, Model);
        var account = "account-" + Guid.NewGuid().ToString("N")[..10];
        await owner.SetSharedKeyAsync(slug, fixture.App.Simulator.CreateKey(new SimulatedKeyRequest("shared", Account: account)).Key);
        await owner.SetManagementKeyAsync(slug, fixture.App.Simulator.CreateKey(new SimulatedKeyRequest("manager", Management: true, Account: account)).Key);
        var (_, token) = await owner.CreateApiTokenAsync(slug);

        // OpenRouter bills this call a quarter of a cent more than its response says.
        var answer = await fixture.ChatAsync(token, Model, "What is drift? [[sim:fault=cost-drift=0.0025]]");
        var cost = answer.GetProperty("usage").GetProperty("cost").GetDecimal();
        var billed = cost + 0.0025m;
        var day = DateOnly.FromDateTime(Assert.Single(await fixture.UsageAsync(slug)).CreatedAt.UtcDateTime);
        var address = $"/t/{slug}/admin/reconciliation?from={day:yyyy-MM-dd}&to={day:yyyy-MM-dd}";
        var line = $"#reconciliation-table tr[data-day=\"{day:yyyy-MM-dd}\"][data-model=\"{Model}\"]";

        // The next day OpenRouter reports the call's day; an admin imports it.
        using var appTomorrow = fixture.Clock.Travel(TimeSpan.FromDays(1));
        using var openRouterTomorrow = fixture.App.SimulatorClock.Travel(TimeSpan.FromDays(1));
        var page = await owner.GetAsync(address);
        Assert.Equal("1 call waits for OpenRouter's generation record; it is read again shortly.", page.Text("#reconciliation-waiting"));
        Assert.Equal("not imported", page.Text(line + " .line-openrouter"));

        var imported = await owner.SubmitAsync(page, "#import-activity");

        Assert.Equal($"Imported OpenRouter's activity from {day.AddDays(-29):yyyy-MM-dd} to {day:yyyy-MM-dd}: 1 day and model.", imported.StatusMessage);
        Assert.Equal(address, imported.Url.PathAndQuery);
        Assert.Equal("true", imported.Get(line).GetAttribute("data-drift"));
        Assert.Equal(Money.Usd(cost), imported.Text(line + " .line-response-cost"));
        Assert.Equal("not reconciled yet", imported.Text(line + " .line-generation-cost"));
        Assert.Equal($"{Money.Usd(billed)} 1 request", imported.Text(line + " .line-openrouter"));
        Assert.Equal("+$0.0025 Drift", imported.Text(line + " .line-drift"));
        Assert.True(imported.Has("#reconciliation-drift-summary"));
        var audit = (await fixture.Stored.AuditEntriesAsync(slug)).Last();
        Assert.Equal((AuditActions.ActivityImported, imported.StatusMessage), (audit.Action, audit.Summary));

        // The worker reads the call's generation record: the ledger and the budgets take what OpenRouter billed.
        Assert.True((await fixture.ReconcileAsync())[ReconciliationOutcome.Reconciled] >= 1);

        var row = Assert.Single(await fixture.UsageAsync(slug));
        Assert.Equal(((decimal?)cost, (decimal?)billed), (row.CostUsd, row.GenerationCostUsd));
        Assert.Equal(billed, (await fixture.ReservationAsync(row.ReservationId!.Value)).ActualCostUsd);
        Assert.All(await fixture.BudgetsAsync(slug), budget => Assert.Equal((billed, 0m), (budget.SpentUsd, budget.ReservedUsd)));
        var reconciled = await owner.GetAsync(address);
        Assert.Equal("false", reconciled.Get(line).GetAttribute("data-drift"));
        Assert.Equal(Money.Usd(cost), reconciled.Text(line + " .line-response-cost"));
        Assert.Equal($"{Money.Usd(billed)} 1 of 1 reconciled +$0.0025 against the responses", reconciled.Text(line + " .line-generation-cost"));
        Assert.Equal("Matches", reconciled.Text(line + " .line-drift"));
        Assert.False(reconciled.Has("#reconciliation-drift-summary"));
        Assert.Equal("No call of this range waits for its generation record.", reconciled.Text("#reconciliation-waiting"));
        Assert.Equal("Every call of this range that OpenRouter answered was reconciled or is still being reconciled.", reconciled.Text("#reconciliation-never"));
    }

    [Fact]
    public async Task Without_a_management_key_the_panel_says_how_to_get_OpenRouters_figures_and_the_import_says_why_it_cannot()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();

        var page = await owner.GetAsync($"/t/{slug}/admin/reconciliation");
        var refused = await owner.SubmitAsync(page, "#import-activity");

        Assert.Equal("Reconciliation", page.Heading);
        Assert.Equal("Add a management key on the shared-key page to import OpenRouter's activity.", page.Text("#reconciliation-no-management-key"));
        Assert.Equal($"/t/{slug}/admin/shared-key", page.Href("#reconciliation-no-management-key a"));
        Assert.Equal("No calls through the shared key and no OpenRouter activity in this range.", page.Text("#reconciliation-empty"));
        var today = DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime);
        Assert.Equal((today.AddDays(-29).ToString("yyyy-MM-dd"), today.ToString("yyyy-MM-dd")), (page.FieldValue("from"), page.FieldValue("to")));
        Assert.Equal(ImportActivityHandler.NoManagementKeyMessage, refused.StatusMessage);
        Assert.True(refused.Has("#reconciliation-panel"));
        Assert.DoesNotContain(await fixture.Stored.AuditEntriesAsync(slug), entry => entry.Action == AuditActions.ActivityImported);
    }

    [Fact]
    public async Task With_a_management_key_but_nothing_imported_yet_the_panel_says_so()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        await owner.SetManagementKeyAsync(slug, fixture.App.Simulator.CreateKey(new SimulatedKeyRequest("manager", Management: true)).Key);

        var page = await owner.GetAsync($"/t/{slug}/admin/reconciliation");

        Assert.StartsWith("OpenRouter's activity has not been imported yet.", page.Text("#reconciliation-not-imported"), StringComparison.Ordinal);
        Assert.False(page.Has("#reconciliation-no-management-key"));
    }

    [Theory]
    [InlineData("?from=2027-02-01&to=2027-01-31", ReportRange.ReversedMessage)]
    [InlineData("?from=2025-01-01&to=2027-01-31", ReportRange.TooLongMessage)]
    [InlineData("?from=yesterday", ReconciliationModel.UnreadableRangeMessage)]
    public async Task A_range_that_makes_no_sense_is_explained_on_the_form_and_nothing_is_shown(string query, string message)
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();

        var page = await owner.GetAsync($"/t/{slug}/admin/reconciliation{query}");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(message, page.Text("#reconciliation-filter .alert-danger"));
        Assert.False(page.Has("#reconciliation-panel"), "The panel was shown for a range that makes no sense.");
    }

    [Fact]
    public async Task A_reversed_range_sent_through_the_form_is_refused_too()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var page = await owner.GetAsync($"/t/{slug}/admin/reconciliation");

        var refused = await owner.SubmitAsync(page, "#reconciliation-filter", ("from", "2027-03-02"), ("to", "2027-03-01"));

        Assert.Equal(ReportRange.ReversedMessage, refused.Text("#reconciliation-filter .alert-danger"));
        Assert.Equal(("2027-03-02", "2027-03-01"), (refused.FieldValue("from"), refused.FieldValue("to")));
        Assert.False(refused.Has("#reconciliation-panel"));
    }

    [Fact]
    public async Task Only_admins_see_the_page_and_its_link_and_a_member_can_neither_open_it_nor_import()
    {
        var people = await fixture.TenantWithPeopleAsync();
        var slug = people.Slug;

        var memberPage = await people.Member.GetAsync($"/t/{slug}/admin/reconciliation");
        var memberImport = await people.Member.PostAsync($"/t/{slug}/admin/reconciliation?handler=Import", [], withAntiforgeryToken: true);
        var outsiderPage = await people.Outsider.GetAsync($"/t/{slug}/admin/reconciliation");
        var adminDashboard = await people.Admin.GetAsync($"/t/{slug}");

        Assert.Equal(HttpStatusCode.Forbidden, memberPage.Status);
        Assert.Equal("You don't have access to this page", memberPage.Heading);
        Assert.Equal(HttpStatusCode.Forbidden, memberImport.Status);
        Assert.Equal(HttpStatusCode.NotFound, outsiderPage.Status);
        Assert.False((await people.Member.GetAsync($"/t/{slug}")).Has("#nav-reconciliation"));
        Assert.Equal($"/t/{slug}/admin/reconciliation", adminDashboard.Href("#nav-reconciliation"));
        Assert.Equal("Reconciliation", (await people.Admin.GetAsync(adminDashboard.Href("#nav-reconciliation"))).Heading);
        Assert.DoesNotContain(await fixture.Stored.AuditEntriesAsync(slug), entry => entry.Action == AuditActions.ActivityImported);
    }
}
