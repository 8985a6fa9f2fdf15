using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace OpenRouterSaaS.FunctionalTests.Models;

/// <summary>The model catalogue page and the admin's allow-list page, through the whole app, against PostgreSQL.</summary>
public sealed class ModelPagesTests(ModelsApp app) : IClassFixture<ModelsApp>
{
    private static readonly string[] AnthropicAndGoogle =
        ["anthropic/claude-3.5-haiku", "anthropic/claude-sonnet-4", "google/gemini-2.5-flash", "google/gemini-2.5-pro"];

    private static Dictionary<string, string> Form(string allow, string deny = "", string maxPrompt = "", string maxCompletion = "", string mode = "AllowListed") => new()
    {
        ["Input.Mode"] = mode,
        ["Input.AllowPatterns"] = allow,
        ["Input.DenyPatterns"] = deny,
        ["Input.MaxPromptPricePerMillion"] = maxPrompt,
        ["Input.MaxCompletionPricePerMillion"] = maxCompletion,
    };

    private static IReadOnlyList<string> ProvidersAllowed(IHtmlDocument preview) =>
        [.. preview.QuerySelectorAll("#preview-providers tr[data-provider]")
            .Where(row => row.QuerySelector("[data-allowed]")!.GetAttribute("data-allowed") != "0")
            .Select(row => row.GetAttribute("data-provider")!)];

    [Fact]
    public async Task An_admin_narrows_the_list_to_two_providers_and_the_preview_saved_list_and_members_page_agree()
    {
        var tenant = await app.CreateTenantAsync();
        using var admin = await app.SignInAsync(tenant.AdminEmail);
        var page = await admin.GetPageAsync(tenant.AdminModelsPath);
        Assert.Equal(["deepseek/deepseek-r1:free", "meta-llama/llama-3.3-70b-instruct:free"], page.ModelIds("#preview-allowed li"));
        Assert.NotNull(page.QuerySelector("#default-allow-list"));

        using var previewResponse = await admin.PostFormAsync(tenant.AdminModelsPath + "?handler=Preview", page, Form("anthropic/*\ngoogle/*"), htmx: true);
        var preview = await PageClient.ParseAsync(previewResponse);

        Assert.Equal(HttpStatusCode.OK, previewResponse.StatusCode);
        Assert.Null(preview.QuerySelector("html body nav"));
        Assert.Equal(AnthropicAndGoogle, preview.ModelIds("#preview-allowed li"));
        Assert.Equal(["anthropic", "google"], ProvidersAllowed(preview));
        Assert.Equal("4", preview.TextOf("#preview-allowed-count"));
        Assert.Equal("17", preview.TextOf("#preview-catalogue-count"));
        Assert.Null(preview.QuerySelector("#preview-warnings"));

        using var saved = await admin.PostFormAsync(tenant.AdminModelsPath, page, Form("anthropic/*\ngoogle/*"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var after = await admin.GetPageAsync(tenant.AdminModelsPath);
        Assert.Equal("The allow-list was saved: 4 of 17 models are allowed now.", after.TextOf("#status-message").Split('\n')[0].Trim());
        Assert.Equal(AnthropicAndGoogle, after.ModelIds("#preview-allowed li"));
        Assert.Equal("anthropic/*\ngoogle/*", after.QuerySelector<IHtmlTextAreaElement>("#allow-patterns")!.Value.Trim());
        var audit = await admin.GetPageAsync($"/t/{tenant.Slug}/admin/audit");
        Assert.Contains("Changed the model allow-list to: only listed models; allow anthropic/*, google/*", audit.TextOf("#audit-table .audit-summary"), StringComparison.Ordinal);

        using var member = await app.SignInAsync(tenant.MemberEmail);
        var models = await member.GetPageAsync(tenant.ModelsPath);
        Assert.Equal(AnthropicAndGoogle.Order(), models.ModelIds("#models-table tr[data-model]").Order());
    }

    [Fact]
    public async Task An_invalid_pattern_is_a_field_error_naming_it_and_nothing_is_saved()
    {
        var tenant = await app.CreateTenantAsync();
        var before = await app.StoredAllowListAsync(tenant.TenantId);
        using var admin = await app.SignInAsync(tenant.AdminEmail);
        var page = await admin.GetPageAsync(tenant.AdminModelsPath);

        using var response = await admin.PostFormAsync(tenant.AdminModelsPath, page, Form("anthropic/*\nOpen AI/*"));
        var shown = await PageClient.ParseAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            "\"Open AI/*\" is not a valid pattern: use only lowercase letters, digits, '.', '_', ':', '/', '-', and '*' as a wildcard.",
            shown.TextOf("[data-valmsg-for='Input.AllowPatterns']"));
        Assert.Contains("Open AI/*", shown.QuerySelector<IHtmlTextAreaElement>("#allow-patterns")!.Value, StringComparison.Ordinal);
        Assert.Equal(before, await app.StoredAllowListAsync(tenant.TenantId));
    }

    [Fact]
    public async Task The_preview_reports_an_invalid_pattern_and_shows_what_the_valid_ones_allow()
    {
        var tenant = await app.CreateTenantAsync();
        using var admin = await app.SignInAsync(tenant.AdminEmail);
        var page = await admin.GetPageAsync(tenant.AdminModelsPath);

        using var response = await admin.PostFormAsync(tenant.AdminModelsPath + "?handler=Preview", page, Form("anthropic/*\nx-ai/**"), htmx: true);
        var preview = await PageClient.ParseAsync(response);

        Assert.Contains("\"x-ai/**\" contains \"**\"", preview.TextOf("#preview-problems"), StringComparison.Ordinal);
        Assert.Equal(["anthropic/claude-3.5-haiku", "anthropic/claude-sonnet-4"], preview.ModelIds("#preview-allowed li"));
    }

    [Theory]
    [InlineData("-1", "The prompt price ceiling cannot be negative. Enter 0 or more USD per million tokens, or leave it empty for no ceiling.")]
    [InlineData("5000", "A prompt price ceiling above $1000 per million tokens is surely a typo: enter at most 1000, or leave it empty for no ceiling.")]
    [InlineData("lots", "The value 'lots' is not valid for Prompt price ceiling.")]
    public async Task A_negative_absurd_or_unreadable_ceiling_is_a_field_error_and_nothing_is_saved(string ceiling, string message)
    {
        var tenant = await app.CreateTenantAsync();
        var before = await app.StoredAllowListAsync(tenant.TenantId);
        using var admin = await app.SignInAsync(tenant.AdminEmail);
        var page = await admin.GetPageAsync(tenant.AdminModelsPath);

        using var response = await admin.PostFormAsync(tenant.AdminModelsPath, page, Form("anthropic/*", maxPrompt: ceiling));
        var shown = await PageClient.ParseAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(message, shown.TextOf("[data-valmsg-for='Input.MaxPromptPricePerMillion']"));
        Assert.Equal(before, await app.StoredAllowListAsync(tenant.TenantId));
    }

    [Fact]
    public async Task A_pattern_that_matches_nothing_is_saved_with_a_warning()
    {
        var tenant = await app.CreateTenantAsync();
        using var admin = await app.SignInAsync(tenant.AdminEmail);
        var page = await admin.GetPageAsync(tenant.AdminModelsPath);

        using var saved = await admin.PostFormAsync(tenant.AdminModelsPath, page, Form("anthropic/*\ncohere/*"));
        var after = await admin.GetPageAsync(tenant.AdminModelsPath);

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("\"cohere/*\" in the allow list matches no model in the catalogue now.", after.TextOf("#save-warnings"), StringComparison.Ordinal);
        Assert.StartsWith("AllowListed|anthropic/*,cohere/*||", await app.StoredAllowListAsync(tenant.TenantId), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tenant_with_no_stored_allow_list_shows_the_default_and_the_first_save_stores_it()
    {
        var tenant = await app.CreateTenantAsync(storeDefaultAllowList: false);
        using var admin = await app.SignInAsync(tenant.AdminEmail);
        var page = await admin.GetPageAsync(tenant.AdminModelsPath);
        Assert.NotNull(page.QuerySelector("#using-default"));
        Assert.Equal("*:free", page.QuerySelector<IHtmlTextAreaElement>("#allow-patterns")!.Value.Trim());

        using var saved = await admin.PostFormAsync(tenant.AdminModelsPath, page, Form("openai/gpt-4o*", mode: "AllowListed", maxPrompt: "1", maxCompletion: "4"));

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.StartsWith("AllowListed|openai/gpt-4o*||1.000000|4.000000|", await app.StoredAllowListAsync(tenant.TenantId), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_member_sees_only_the_allowed_models_and_htmx_gets_only_the_results()
    {
        var tenant = await app.CreateTenantAsync();
        using var member = await app.SignInAsync(tenant.MemberEmail);

        var page = await member.GetPageAsync(tenant.ModelsPath);
        var filtered = await member.GetPageAsync(tenant.ModelsPath + "?q=deepseek&price=free&sort=promptprice", htmx: true);

        Assert.Equal(["deepseek/deepseek-r1:free", "meta-llama/llama-3.3-70b-instruct:free"], page.ModelIds("#models-table tr[data-model]").Order());
        Assert.Equal(["", "deepseek", "meta-llama"], page.QuerySelectorAll("#model-provider option").Select(option => option.GetAttribute("value")));
        Assert.Null(page.QuerySelector("#edit-allow-list"));
        Assert.Null(filtered.QuerySelector("#model-filter"));
        Assert.Equal(["deepseek/deepseek-r1:free"], filtered.ModelIds("#model-results tr[data-model]"));
        Assert.Equal("$0.00", filtered.TextOf("#model-results td[data-price=prompt]"));
    }

    [Fact]
    public async Task The_catalogue_page_works_as_a_plain_form_with_unknown_filter_values_falling_back()
    {
        var tenant = await app.CreateTenantAsync();
        using var admin = await app.SignInAsync(tenant.AdminEmail);
        var page = await admin.GetPageAsync(tenant.AdminModelsPath);
        await admin.PostFormAsync(tenant.AdminModelsPath, page, Form("*", mode: "AllowListed"));

        var sorted = await admin.GetPageAsync(tenant.ModelsPath + "?sort=completionprice&price=paid");
        var bogus = await admin.GetPageAsync(tenant.ModelsPath + "?sort=cheapest&price=bogus&provider=nobody");

        var ids = sorted.ModelIds("#models-table tr[data-model]");
        Assert.Equal("mistralai/mistral-small-3.1-24b-instruct", ids[0]);
        Assert.Equal("anthropic/claude-sonnet-4", ids[^1]);
        Assert.Equal(14, ids.Count);
        Assert.NotNull(sorted.QuerySelector("#edit-allow-list"));
        Assert.Equal("No allowed model matches these filters.", bogus.TextOf("#no-matches"));
    }

    [Fact]
    public async Task An_overlong_search_gets_a_clear_message()
    {
        var tenant = await app.CreateTenantAsync();
        using var member = await app.SignInAsync(tenant.MemberEmail);

        var page = await member.GetPageAsync(tenant.ModelsPath + "?q=" + new string('x', 101));

        Assert.Equal("Search for at most 100 characters.", page.TextOf("#model-filter-errors"));
    }

    [Fact]
    public async Task A_member_gets_403_on_the_admin_page_and_cannot_post_to_it()
    {
        var tenant = await app.CreateTenantAsync();
        var before = await app.StoredAllowListAsync(tenant.TenantId);
        using var member = await app.SignInAsync(tenant.MemberEmail);
        var ownPage = await member.GetPageAsync(tenant.ModelsPath);

        using var get = await member.Http.GetAsync(tenant.AdminModelsPath);
        Assert.Equal(HttpStatusCode.Redirect, get.StatusCode);
        Assert.StartsWith("/Identity/Account/AccessDenied", get.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        using var denied = await member.Http.GetAsync(get.Headers.Location);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);

        using var post = await member.PostFormAsync(tenant.AdminModelsPath, ownPage, Form("*", mode: "AllowAll"));
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.StartsWith("/Identity/Account/AccessDenied", post.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(before, await app.StoredAllowListAsync(tenant.TenantId));
    }

    [Fact]
    public async Task A_non_member_gets_404_on_both_pages()
    {
        var tenant = await app.CreateTenantAsync();
        using var outsider = await app.SignInAsync(tenant.OutsiderEmail);

        using var catalogue = await outsider.Http.GetAsync(tenant.ModelsPath);
        using var admin = await outsider.Http.GetAsync(tenant.AdminModelsPath);

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (catalogue.StatusCode, admin.StatusCode));
    }

    [Fact]
    public async Task Someone_signed_out_is_sent_to_sign_in()
    {
        var tenant = await app.CreateTenantAsync();
        using var anonymous = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await anonymous.GetAsync(tenant.ModelsPath);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Identity/Account/Login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }
}
