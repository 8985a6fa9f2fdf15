using System.Net;
using System.Text.Json;
using OpenRouterSaaS.Application.UsageReports;
using OpenRouterSaaS.Domain.Usage;
using OpenRouterSaaS.FunctionalTests.Infrastructure;
using OpenRouterSaaS.Web.Pages.Tenant.Admin;
using static OpenRouterSaaS.FunctionalTests.Usage.MarchLedger;
using static OpenRouterSaaS.FunctionalTests.Usage.UsageLedger;

namespace OpenRouterSaaS.FunctionalTests.Usage;

/// <summary>The CSV export of the tenant's calls: a download of exactly the filtered calls, quoted safely for spreadsheets; bad filters get a 400.</summary>
public sealed class UsageExportTests(MarchLedgerAppFixture fixture) : IClassFixture<MarchLedgerAppFixture>
{
    private const string Header =
        "time,member_email,requested_model,served_model,provider,status,key_kind,streamed,zdr,prompt_tokens,completion_tokens,"
        + "cached_tokens,reasoning_tokens,response_cost_usd,reconciled_cost_usd,generation_id,error_code";

    [Fact]
    public async Task The_export_is_a_csv_download_of_every_call_in_the_range_oldest_first()
    {
        var ledger = await MarchLedger.CreateAsync(fixture);
        var people = ledger.People;
        var page = await people.Admin.GetAsync($"/t/{ledger.Slug}/admin/usage?{MarchQuery}");

        using var response = await people.Admin.GetResponseAsync(page.Href("#usage-export"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"attachment; filename=usage-{ledger.Slug}-2026-03-01-2026-03-31.csv", response.Content.Headers.ContentDisposition?.ToString());
        var lines = await LinesAsync(response);
        Assert.Equal(7, lines.Length);
        Assert.Equal(Header, lines[0]);
        Assert.StartsWith($"2026-03-01T00:00:00.000Z,{people.Member.Email},{Mini},,,Pending,Personal,false,false,0,0,0,0,,,,", lines[1], StringComparison.Ordinal);
        Assert.Equal($"2026-03-02T11:00:00.000Z,{people.Admin.Email},{Haiku},{Haiku},Anthropic,Completed,Shared,true,false,200,100,0,0,2,2.5,{ledger.AdminGenerationId},", lines[3]);
        Assert.StartsWith($"2026-03-05T09:00:00.000Z,{people.Member.Email},{Mini},{Mini},OpenAI,Completed,Shared,false,true,300,30,0,0,0.5,,gen-", lines[4], StringComparison.Ordinal);
        Assert.EndsWith(",", lines[4], StringComparison.Ordinal);
        Assert.Equal($"2026-03-05T09:30:00.000Z,{people.Member.Email},{Mini},,,Failed,Personal,false,false,0,0,0,0,,,,503", lines[5]);
        Assert.StartsWith($"2026-03-31T23:59:00.000Z,{people.Member.Email},openrouter/auto,{Llama},OpenAI,Cancelled,Personal,", lines[6], StringComparison.Ordinal);
        Assert.DoesNotContain(lines, line => line.Contains(OtherTenantsModel, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.StartsWith("2026-02-", StringComparison.Ordinal) || line.StartsWith("2026-04-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_export_keeps_the_pages_filters()
    {
        var ledger = await MarchLedger.CreateAsync(fixture);
        var people = ledger.People;
        var memberId = (await fixture.Stored.UserAsync(people.Member.Email))!.Id;
        var page = await people.Owner.GetAsync($"/t/{ledger.Slug}/admin/usage?{MarchQuery}&member={memberId}&kind=Personal");

        using var response = await people.Owner.GetResponseAsync(page.Href("#usage-export"));

        var rows = (await LinesAsync(response)).Skip(1).ToList();
        Assert.Equal(3, rows.Count);
        Assert.All(rows, row => Assert.Contains($",{people.Member.Email},", row, StringComparison.Ordinal));
        Assert.All(rows, row => Assert.Contains(",Personal,", row, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Text_is_quoted_and_what_a_spreadsheet_would_run_as_a_formula_is_neutralised()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        await fixture.AddCallsAsync(slug,
            new LedgerRow(owner.Email, Utc(2026, 5, 1), "evil,\"model\"", Served: "=HYPERLINK(\"http://attacker.test\")", Provider: "@SUM(1)", GenerationId: "+gen-" + slug),
            new LedgerRow(owner.Email, Utc(2026, 5, 2), "line\nbreak", Status: UsageStatus.Failed, ErrorCode: "-5"));

        using var response = await owner.GetResponseAsync($"/t/{slug}/admin/usage/export?from=2026-05-01&to=2026-05-31");

        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains(
            $",{owner.Email},\"evil,\"\"model\"\"\",\"'=HYPERLINK(\"\"http://attacker.test\"\")\",'@SUM(1),Completed,Personal,false,false,100,50,0,0,0.01,,'+gen-{slug},\r\n",
            text, StringComparison.Ordinal);
        Assert.Contains($",{owner.Email},\"line\nbreak\",,,Failed,Personal,false,false,0,0,0,0,,,,'-5\r\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_range_exports_just_the_header()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();

        using var response = await owner.GetResponseAsync($"/t/{slug}/admin/usage/export?from=2026-05-01&to=2026-05-31");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Header + "\r\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Without_days_the_export_covers_this_month_so_far_and_says_so_in_its_name()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var today = DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime);

        using var response = await owner.GetResponseAsync($"/t/{slug}/admin/usage/export");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"usage-{slug}-{today:yyyy-MM}-01-{today:yyyy-MM-dd}.csv", response.Content.Headers.ContentDisposition?.FileName);
    }

    [Theory]
    [InlineData("from=2026-03-31&to=2026-03-01", UsageFilterValidator.ReversedMessage)]
    [InlineData("from=2024-01-01&to=2026-03-01", "Choose a range of at most 366 days; this one has 791. For a longer period, export it a year at a time.")]
    [InlineData("from=31/03/2026", UsageModel.UnreadableDayMessage)]
    [InlineData("kind=Management", UsageFilterValidator.KeyKindMessage)]
    [InlineData("member=nobody", UsageModel.UnreadableMemberMessage)]
    public async Task Bad_filters_get_a_400_problem_saying_what_to_fix(string query, string message)
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();

        using var response = await owner.GetResponseAsync($"/t/{slug}/admin/usage/export?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(message, problem.RootElement.GetProperty("detail").GetString());
        Assert.Equal(400, problem.RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Only_the_export_lives_under_the_usage_page()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();

        var page = await owner.GetAsync($"/t/{slug}/admin/usage/everything");

        Assert.Equal(HttpStatusCode.NotFound, page.Status);
    }

    [Fact]
    public async Task Only_admins_of_the_tenant_can_export()
    {
        var ledger = await MarchLedger.CreateAsync(fixture);
        var url = $"/t/{ledger.Slug}/admin/usage/export?{MarchQuery}";

        var member = await ledger.People.Member.GetAsync(url);
        var outsider = await ledger.People.Outsider.GetAsync(url);
        var otherTenantsOwner = await ledger.OtherOwner.GetAsync(url);

        Assert.Equal(HttpStatusCode.Forbidden, member.Status);
        Assert.Equal(HttpStatusCode.NotFound, outsider.Status);
        Assert.Equal(HttpStatusCode.NotFound, otherTenantsOwner.Status);
        foreach (var refused in new[] { member, outsider, otherTenantsOwner })
        {
            Assert.DoesNotContain(ledger.AdminGenerationId, refused.Source, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_large_export_arrives_whole_in_order()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var count = UsageCsvResult.FlushEvery * 3 + 7;
        await fixture.AddCallsAsync(slug, [.. Enumerable.Range(0, count).Select(i => new LedgerRow(owner.Email, Utc(2026, 6, 1).AddSeconds(i), $"model/{i}"))]);

        using var response = await owner.GetResponseAsync($"/t/{slug}/admin/usage/export?from=2026-06-01&to=2026-06-30");

        var lines = await LinesAsync(response);
        Assert.Equal(count + 1, lines.Length);
        Assert.Equal(Enumerable.Range(0, count).Select(i => $"model/{i}"), lines.Skip(1).Select(line => line.Split(',')[2]));
    }

    /// <summary>The file's lines (CRLF-separated), without the empty one after the last line break.</summary>
    private static async Task<string[]> LinesAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        return text[..^2].Split("\r\n");
    }
}
