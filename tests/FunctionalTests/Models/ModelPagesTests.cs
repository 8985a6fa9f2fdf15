using System.Net;
using OpenRouterSaaS.FunctionalTests.Infrastructure;

namespace OpenRouterSaaS.FunctionalTests.Models;

/// <summary>The model catalogue page and the admin's allow-list page, through the whole app, against PostgreSQL.</summary>
public sealed class ModelPagesTests(CatalogueAppFixture app) : IClassFixture<CatalogueAppFixture>
{
    private static readonly string[] AnthropicAndGoogle =
        ["anthropic/claude-3.5-haiku", "anthropic/claude-sonnet-4", "google/gemini-2.5-flash", "google/gemini-2.5-pro"];

    private static (string Name, string Value)[] Form(string allow, string deny = "", string maxPrompt = "", string maxCompletion = "", string mode = "AllowListed") =>
    [
        ("Input.Mode", mode),
        ("Input.AllowPatterns", allow),
        ("Input.DenyPatterns", deny),
        ("Input.MaxPromptPricePerMillion", maxPrompt),
        ("Input.MaxCompletionPricePerMillion", maxCompletion),
    ];

    private static string ModelsPath(string slug) => $"/t/{slug}/models";

    private static string AdminModelsPath(string slug) => $"/t/{slug}/admin/models";

    private static IReadOnlyList<string> ModelIds(HtmlPage page, string selector) => page.Attributes(selector, "data-model");

    private static IReadOnlyList<string> ProvidersAllowed(HtmlPage preview) =>
        [.. preview.Document.QuerySelectorAll("#preview-providers tr[data-provider]")
            .Where(row => row.QuerySelector("[data-allowed]")!.GetAttribute("data-allowed") != "0")
            .Select(row => row.GetAttribute("data-provider")!)];

    /// <summary>A page that must open (200), as a person would see it.</summary>
    private static async Task<HtmlPage> OpenAsync(TestUser user, string path, bool htmx = false)
    {
        var page = htmx ? await user.GetPartialAsync(path) : await user.GetAsync(path);
        Assert.True(page.Status == HttpStatusCode.OK, $"GET {path} answered {(int)page.Status}");
        return page;
    }

    [Fact]
    public async Task An_admin_narrows_the_list_to_two_providers_and_the_preview_saved_list_and_members_page_agree()
    {
        var tenant = await app.TenantWithPeopleAsync();
        var admin = tenant.Admin;
        var page = await OpenAsync(admin, AdminModelsPath(tenant.Slug));
        Assert.Equal(["deepseek/deepseek-r1:free", "meta-llama/llama-3.3-70b-instruct:free"], ModelIds(page, "#preview-allowed li"));
        Assert.NotNull(page.Find("#default-allow-list"));

        var preview = await admin.SubmitPartialAsync(page, "#allow-list-form", Form("anthropic/*\ngoogle/*"));

        Assert.Equal(HttpStatusCode.OK, preview.Status);
        Assert.Null(preview.Find("html body nav"));
        Assert.Equal(AnthropicAndGoogle, ModelIds(preview, "#preview-allowed li"));
        Assert.Equal(["anthropic", "google"], ProvidersAllowed(preview));
        Assert.Equal("4", preview.Text("#preview-allowed-count"));
        Assert.Equal("17", preview.Text("#preview-catalogue-count"));
        Assert.Null(preview.Find("#preview-warnings"));

        var after = await admin.SubmitAsync(page, "#save-allow-list", Form("anthropic/*\ngoogle/*"));
        Assert.Single(after.Redirects);
        Assert.True(after.IsAt(AdminModelsPath(tenant.Slug)), $"Saving ended on {after.Url}");
        Assert.Equal("The allow-list was saved: 4 of 17 models are allowed now.", after.Get("#status-message").TextContent.Trim().Split('\n')[0].Trim());
        Assert.Equal(AnthropicAndGoogle, ModelIds(after, "#preview-allowed li"));
        Assert.Equal("anthropic/*\ngoogle/*", after.FieldValue("Input.AllowPatterns")!.Trim());
        var audit = await OpenAsync(admin, $"/t/{tenant.Slug}/admin/audit");
        Assert.Contains("Changed the model allow-list to: only listed models; allow anthropic/*, google/*", audit.Text("#audit-table .audit-summary"), StringComparison.Ordinal);

        var models = await OpenAsync(tenant.Member, ModelsPath(tenant.Slug));
        Assert.Equal(AnthropicAndGoogle.Order(), ModelIds(models, "#models-table tr[data-model]").Order());
    }

    [Fact]
    public async Task An_invalid_pattern_is_a_field_error_naming_it_and_nothing_is_saved()
    {
        var tenant = await app.TenantWithPeopleAsync();
        var before = await app.Stored.AllowListAsync(tenant.Slug);
        var page = await OpenAsync(tenant.Admin, AdminModelsPath(tenant.Slug));

        var shown = await tenant.Admin.SubmitAsync(page, "#save-allow-list", Form("anthropic/*\nOpen AI/*"));

        Assert.Equal(HttpStatusCode.OK, shown.Status);
        Assert.Empty(shown.Redirects);
        Assert.Equal(
            "\"Open AI/*\" is not a valid pattern: use only lowercase letters, digits, '.', '_', ':', '/', '-', and '*' as a wildcard.",
            shown.FieldError("Input.AllowPatterns"));
        Assert.Contains("Open AI/*", shown.FieldValue("Input.AllowPatterns"), StringComparison.Ordinal);
        Assert.Equal(before, await app.Stored.AllowListAsync(tenant.Slug));
    }

    [Fact]
    public async Task The_preview_reports_an_invalid_pattern_and_shows_what_the_valid_ones_allow()
    {
        var tenant = await app.TenantWithPeopleAsync();
        var page = await OpenAsync(tenant.Admin, AdminModelsPath(tenant.Slug));

        var preview = await tenant.Admin.SubmitPartialAsync(page, "#allow-list-form", Form("anthropic/*\nx-ai/**"));

        Assert.Contains("\"x-ai/**\" contains \"**\"", preview.Text("#preview-problems"), StringComparison.Ordinal);
        Assert.Equal(["anthropic/claude-3.5-haiku", "anthropic/claude-sonnet-4"], ModelIds(preview, "#preview-allowed li"));
    }

    [Theory]
    [InlineData("-1", "The prompt price ceiling cannot be negative. Enter 0 or more USD per million tokens, or leave it empty for no ceiling.")]
    [InlineData("5000", "A prompt price ceiling above $1000 per million tokens is surely a typo: enter at most 1000, or leave it empty for no ceiling.")]
    [InlineData("lots", "The value 'lots' is not valid for Prompt price ceiling.")]
    public async Task A_negative_absurd_or_unreadable_ceiling_is_a_field_error_and_nothing_is_saved(string ceiling, string message)
    {
        var tenant = await app.TenantWithPeopleAsync();
        var before = await app.Stored.AllowListAsync(tenant.Slug);
        var page = await OpenAsync(tenant.Admin, AdminModelsPath(tenant.Slug));

        var shown = await tenant.Admin.SubmitAsync(page, "#save-allow-list", Form("anthropic/*", maxPrompt: ceiling));

        Assert.Equal(HttpStatusCode.OK, shown.Status);
        Assert.Empty(shown.Redirects);
        Assert.Equal(message, shown.FieldError("Input.MaxPromptPricePerMillion"));
        Assert.Equal(before, await app.Stored.AllowListAsync(tenant.Slug));
    }

    [Fact]
    public async Task A_pattern_that_matches_nothing_is_saved_with_a_warning()
    {
        var tenant = await app.TenantWithPeopleAsync();
        var page = await OpenAsync(tenant.Admin, AdminModelsPath(tenant.Slug));

        var after = await tenant.Admin.SubmitAsync(page, "#save-allow-list", Form("anthropic/*\ncohere/*"));

        Assert.Single(after.Redirects);
        Assert.True(after.IsAt(AdminModelsPath(tenant.Slug)), $"Saving ended on {after.Url}");
        Assert.Contains("\"cohere/*\" in the allow list matches no model in the catalogue now.", after.Text("#save-warnings"), StringComparison.Ordinal);
        Assert.StartsWith("AllowListed|anthropic/*,cohere/*||", await app.Stored.AllowListAsync(tenant.Slug), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tenant_with_no_stored_allow_list_shows_the_default_and_the_first_save_stores_it()
    {
        var tenant = await app.TenantWithPeopleAsync();
        await app.ForgetAllowListAsync(tenant.Slug);
        Assert.Equal("none", await app.Stored.AllowListAsync(tenant.Slug));
        var page = await OpenAsync(tenant.Admin, AdminModelsPath(tenant.Slug));
        Assert.NotNull(page.Find("#using-default"));
        Assert.Equal("*:free", page.FieldValue("Input.AllowPatterns")!.Trim());

        var saved = await tenant.Admin.SubmitAsync(page, "#save-allow-list", Form("openai/gpt-4o*", mode: "AllowListed", maxPrompt: "1", maxCompletion: "4"));

        Assert.Single(saved.Redirects);
        Assert.StartsWith("AllowListed|openai/gpt-4o*||1.000000|4.000000|", await app.Stored.AllowListAsync(tenant.Slug), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_member_sees_only_the_allowed_models_and_htmx_gets_only_the_results()
    {
        var tenant = await app.TenantWithPeopleAsync();
        var member = tenant.Member;

        var page = await OpenAsync(member, ModelsPath(tenant.Slug));
        var filtered = await OpenAsync(member, ModelsPath(tenant.Slug) + "?q=deepseek&price=free&sort=promptprice", htmx: true);

        Assert.Equal(["deepseek/deepseek-r1:free", "meta-llama/llama-3.3-70b-instruct:free"], ModelIds(page, "#models-table tr[data-model]").Order());
        Assert.Equal(["", "deepseek", "meta-llama"], page.Attributes("#model-provider option", "value"));
        Assert.Null(page.Find("#edit-allow-list"));
        Assert.Null(filtered.Find("#model-filter"));
        Assert.Equal(["deepseek/deepseek-r1:free"], ModelIds(filtered, "#model-results tr[data-model]"));
        Assert.Equal("$0.00", filtered.Text("#model-results td[data-price=prompt]"));
    }

    [Fact]
    public async Task The_catalogue_page_works_as_a_plain_form_with_unknown_filter_values_falling_back()
    {
        var tenant = await app.TenantWithPeopleAsync();
        var admin = tenant.Admin;
        var page = await OpenAsync(admin, AdminModelsPath(tenant.Slug));
        await admin.SubmitAsync(page, "#save-allow-list", Form("*", mode: "AllowListed"));

        var sorted = await OpenAsync(admin, ModelsPath(tenant.Slug) + "?sort=completionprice&price=paid");
        var bogus = await OpenAsync(admin, ModelsPath(tenant.Slug) + "?sort=cheapest&price=bogus&provider=nobody");

        var ids = ModelIds(sorted, "#models-table tr[data-model]");
        Assert.Equal("mistralai/mistral-small-3.1-24b-instruct", ids[0]);
        Assert.Equal("anthropic/claude-sonnet-4", ids[^1]);
        Assert.Equal(14, ids.Count);
        Assert.NotNull(sorted.Find("#edit-allow-list"));
        Assert.Equal("No allowed model matches these filters.", bogus.Text("#no-matches"));
    }

    [Fact]
    public async Task An_overlong_search_gets_a_clear_message()
    {
        var tenant = await app.TenantWithPeopleAsync();

        var page = await OpenAsync(tenant.Member, ModelsPath(tenant.Slug) + "?q=" + new string('x', 101));

        Assert.Equal("Search for at most 100 characters.", page.Text("#model-filter-errors"));
    }

    [Fact]
    public async Task A_member_gets_403_on_the_admin_page_and_cannot_post_to_it()
    {
        var tenant = await app.TenantWithPeopleAsync();
        var before = await app.Stored.AllowListAsync(tenant.Slug);
        var member = tenant.Member;

        using var get = await member.GetResponseAsync(AdminModelsPath(tenant.Slug));
        Assert.Equal(HttpStatusCode.Redirect, get.StatusCode);
        Assert.StartsWith("/Identity/Account/AccessDenied", get.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        using var denied = await member.GetResponseAsync(get.Headers.Location.ToString());
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);

        // With the member's own valid antiforgery token: only the role keeps them out.
        using var post = await member.PostRawAsync(AdminModelsPath(tenant.Slug), Form("*", mode: "AllowAll"), withAntiforgeryToken: true);
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.StartsWith("/Identity/Account/AccessDenied", post.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(before, await app.Stored.AllowListAsync(tenant.Slug));
    }

    [Fact]
    public async Task A_non_member_gets_404_on_both_pages()
    {
        var tenant = await app.TenantWithPeopleAsync();

        using var catalogue = await tenant.Outsider.GetResponseAsync(ModelsPath(tenant.Slug));
        using var admin = await tenant.Outsider.GetResponseAsync(AdminModelsPath(tenant.Slug));

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (catalogue.StatusCode, admin.StatusCode));
    }

    [Fact]
    public async Task Someone_signed_out_is_sent_to_sign_in()
    {
        var tenant = await app.TenantWithPeopleAsync();

        using var response = await app.Visitor().GetResponseAsync(ModelsPath(tenant.Slug));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Identity/Account/Login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }
}
