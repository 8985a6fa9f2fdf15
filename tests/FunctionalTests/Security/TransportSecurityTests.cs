using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using OpenRouterSaaS.FunctionalTests.Infrastructure;

namespace OpenRouterSaaS.FunctionalTests.Security;

/// <summary>The app as deployed (outside Development): HTTPS required, and its public address configured.</summary>
public sealed class HttpsAppFixture() : AppFixture(settings: new Dictionary<string, string>
{
    ["Security:RequireHttps"] = "true",
    ["App:PublicBaseUrl"] = PublicBaseUrl,
})
{
    public const string PublicBaseUrl = "https://ai.example.test";
}

/// <summary>With HTTPS required: plain HTTP is redirected (but not health probes), HSTS is sent, and every cookie is Secure, HttpOnly and SameSite=Lax.</summary>
public sealed class TransportSecurityTests(HttpsAppFixture fixture) : IClassFixture<HttpsAppFixture>
{
    [Fact]
    public async Task Plain_HTTP_is_redirected_to_HTTPS_except_for_health_probes()
    {
        using var client = fixture.App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var page = await client.GetAsync("http://localhost/tenants?x=1");
        using var probe = await client.GetAsync("http://localhost/healthz");

        Assert.Equal(HttpStatusCode.TemporaryRedirect, page.StatusCode);
        Assert.Equal(new Uri("https://localhost/tenants?x=1"), page.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
    }

    [Fact]
    public async Task HTTPS_responses_carry_HSTS()
    {
        using var client = fixture.App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri(HttpsAppFixture.PublicBaseUrl) });

        using var response = await client.GetAsync("/Identity/Account/Login");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("max-age=31536000", SecurityHeadersTests.Header(response, "Strict-Transport-Security"));
    }

    [Fact]
    public async Task The_sign_in_and_antiforgery_cookies_are_Secure_HttpOnly_and_Lax()
    {
        // Signing up follows the redirects to HTTPS, as a browser does.
        var person = await fixture.SignUpAsync();
        await person.SignOutAsync();
        using var form = await fixture.Visitor().GetResponseAsync("https://localhost/Identity/Account/Login");

        using var signIn = await person.PostRawAsync("https://localhost/Identity/Account/Login",
            [("Input.Email", person.Email), ("Input.Password", person.Password)], withAntiforgeryToken: true);

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var antiforgery = Assert.Single(SecurityHeadersTests.SetCookies(form), cookie => cookie.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
        var identity = Assert.Single(SecurityHeadersTests.SetCookies(signIn), cookie => cookie.StartsWith(".AspNetCore.Identity.Application=", StringComparison.Ordinal));
        foreach (var cookie in new[] { antiforgery, identity })
        {
            var attributes = SecurityHeadersTests.AttributesOf(cookie);
            Assert.Contains("secure", attributes);
            Assert.Contains("httponly", attributes);
            Assert.Contains("samesite=lax", attributes);
        }
    }
}
