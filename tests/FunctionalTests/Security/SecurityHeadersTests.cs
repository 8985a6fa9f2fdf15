using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using OpenRouterSaaS.FunctionalTests.Infrastructure;

namespace OpenRouterSaaS.FunctionalTests.Security;

/// <summary>Every response carries the security headers, and in Development (plain HTTP) cookies are HttpOnly and SameSite=Lax without Secure.</summary>
public sealed class SecurityHeadersTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/Identity/Account/Login")]
    [InlineData("/no-such-page")]
    [InlineData("/api/v1/models")]
    [InlineData("/css/site.css")]
    [InlineData("/healthz")]
    public async Task Every_response_carries_the_security_headers(string path)
    {
        using var client = fixture.App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await client.GetAsync(path);

        var csp = Header(response, "Content-Security-Policy");
        Assert.Equal(
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'",
            csp);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("strict-origin-when-cross-origin", Header(response, "Referrer-Policy"));
        Assert.Contains("camera=()", Header(response, "Permissions-Policy"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_error_page_of_a_failed_request_carries_them_too()
    {
        var person = await fixture.SignUpAsync();

        // A form posted without its antiforgery token: 400 and the status page, shown by re-executing the request.
        using var response = await person.PostRawAsync("/tenants/new", [("Input.Name", "x"), ("Input.Slug", Unique.Slug())]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("default-src 'self';", Header(response, "Content-Security-Policy"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Over_plain_HTTP_in_Development_nothing_is_redirected_and_cookies_are_HttpOnly_and_Lax_but_not_Secure()
    {
        var person = await fixture.SignUpAsync();
        await person.SignOutAsync();

        using var signIn = await person.PostRawAsync("/Identity/Account/Login",
            [("Input.Email", person.Email), ("Input.Password", person.Password)], withAntiforgeryToken: true);

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.False(signIn.Headers.Contains("Strict-Transport-Security"));
        var cookie = Assert.Single(SetCookies(signIn), cookie => cookie.StartsWith(".AspNetCore.Identity.Application=", StringComparison.Ordinal));
        var attributes = AttributesOf(cookie);
        Assert.Contains("httponly", attributes);
        Assert.Contains("samesite=lax", attributes);
        Assert.DoesNotContain("secure", attributes);
    }

    internal static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : throw new Xunit.Sdk.XunitException($"{response.RequestMessage?.RequestUri} answered without {name}.");

    /// <summary>A Set-Cookie header's attributes after the name and value, in lower case ("secure", "samesite=lax", ...).</summary>
    internal static IReadOnlyList<string> AttributesOf(string setCookie) =>
        setCookie.Split(';', StringSplitOptions.TrimEntries).Skip(1).Select(attribute => attribute.ToLowerInvariant()).ToList();

    internal static IEnumerable<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [];
}
