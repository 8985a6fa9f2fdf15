using System.Net;
using System.Text;
using Microsoft.AspNetCore.Mvc.Testing;
using OpenRouterSaaS.FunctionalTests.Infrastructure;

namespace OpenRouterSaaS.FunctionalTests.Security;

/// <summary>A form larger than Security:MaxFormBytes (64 KB) is refused with 413 and a page that says so; nothing is stored.</summary>
public sealed class FormSizeTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task An_oversize_form_gets_413_and_a_page_that_explains_it_and_changes_nothing()
    {
        var person = await fixture.SignUpAsync();
        var slug = Unique.Slug();
        var form = await person.GetAsync("/tenants/new");

        var page = await person.SubmitAsync(form, "#create-tenant-submit", ("Input.Name", new string('x', 100 * 1024)), ("Input.Slug", slug));

        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, "What you sent is too large"), (page.Status, page.Heading));
        Assert.Null(await fixture.Stored.TenantAsync(slug));
    }

    [Fact]
    public async Task A_large_form_within_the_limit_is_read_and_answered_with_the_forms_own_message()
    {
        var person = await fixture.SignUpAsync();
        var form = await person.GetAsync("/tenants/new");

        var page = await person.SubmitAsync(form, "#create-tenant-submit", ("Input.Name", new string('x', 50 * 1024)), ("Input.Slug", Unique.Slug()));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.NotEqual("", page.FieldError("Input.Name"));
    }

    [Fact]
    public async Task An_oversize_form_of_unknown_length_is_refused_too()
    {
        using var client = fixture.App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var body = "Input.Email=a%40example.test&Input.Password=" + new string('x', 100 * 1024);
        // A stream of unknown length goes out chunked, without Content-Length.
        using var content = new StreamContent(new UnknownLengthStream(Encoding.ASCII.GetBytes(body)));
        content.Headers.ContentType = new("application/x-www-form-urlencoded");

        using var response = await client.PostAsync("/Identity/Account/Register", content);

        Assert.Null(response.RequestMessage!.Content!.Headers.ContentLength);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("<h1 class=\"h3\">What you sent is too large</h1>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>A readable stream that does not tell its length, as a body streamed from elsewhere.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
