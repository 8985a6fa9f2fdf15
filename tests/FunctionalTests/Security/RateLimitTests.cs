using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using OpenRouterSaaS.FunctionalTests.Infrastructure;

namespace OpenRouterSaaS.FunctionalTests.Security;

/// <summary>
/// An app with small rate limits: 10 posts of each account form per client address, 3 API calls per token and 5 per
/// tenant. The window is an hour, so that no window ends in the middle of a test and lets a call through.
/// </summary>
public sealed class RateLimitAppFixture() : AppFixture(settings: new Dictionary<string, string>
{
    ["RateLimits:Window"] = "01:00:00",
    ["RateLimits:AccountFormsPerIp"] = "10",
    ["RateLimits:ApiPerToken"] = "3",
    ["RateLimits:ApiPerTenant"] = "5",
});

/// <summary>Sign-in and the other account forms are limited per client address, the API per token and per tenant; past a limit the answer is 429 with Retry-After.</summary>
public sealed class RateLimitTests(RateLimitAppFixture fixture) : IClassFixture<RateLimitAppFixture>
{
    [Fact]
    public async Task The_eleventh_sign_in_attempt_from_one_address_gets_429_while_another_address_may_still_sign_in()
    {
        // Behind the reverse proxy (loopback is trusted) the client's address comes from X-Forwarded-For.
        var guesser = fixture.Visitor("guesser");
        guesser.Headers.Add("X-Forwarded-For", "203.0.113.10");
        for (var attempt = 1; attempt <= 10; attempt++)
        {
            var refused = await guesser.TrySignInAsync("Wrong-password-123");
            Assert.Equal((HttpStatusCode.OK, "Sign in"), (refused.Status, refused.Heading));
        }

        using var eleventh = await guesser.PostRawAsync("/Identity/Account/Login",
            [("Input.Email", guesser.Email), ("Input.Password", "Wrong-password-123")], withAntiforgeryToken: true);
        var page = await guesser.TrySignInAsync("Wrong-password-123");

        Assert.Equal(HttpStatusCode.TooManyRequests, eleventh.StatusCode);
        Assert.True(eleventh.Headers.RetryAfter?.Delta > TimeSpan.Zero, "429 without a Retry-After.");
        // The page after it, as the person sees it.
        Assert.Equal((HttpStatusCode.TooManyRequests, "Too many attempts"), (page.Status, page.Heading));
        Assert.Contains("The sign-in form was sent too many times from your network. Wait ", page.Text("main"), StringComparison.Ordinal);

        // Someone else, at another address, signs in as usual; so does the guesser's address on another form.
        var person = fixture.Visitor();
        person.Headers.Add("X-Forwarded-For", "203.0.113.11");
        await person.RegisterAsync();
        await person.ConfirmEmailAsync();
        await person.SignInAsync();
        await guesser.RegisterAsync();
    }

    [Fact]
    public async Task Past_the_limit_of_its_token_an_API_call_gets_429_in_OpenRouters_error_shape_naming_the_limit()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var (_, token) = await owner.CreateApiTokenAsync(slug, "busy");
        for (var call = 1; call <= 3; call++)
        {
            using var allowed = await ModelsAsync(token);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var refused = await ModelsAsync(token);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "429 without a Retry-After.");
        var (code, message) = await ErrorOf(refused);
        Assert.Equal(429, code);
        Assert.StartsWith("Rate limit exceeded for this API token: at most 3 requests in an hour.", message, StringComparison.Ordinal);
        Assert.DoesNotContain(token, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_tenant_limit_counts_all_its_tokens_together_and_leaves_other_tenants_alone()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var (_, first) = await owner.CreateApiTokenAsync(slug, "first");
        var (_, second) = await owner.CreateApiTokenAsync(slug, "second");
        var (otherOwner, otherSlug) = await fixture.TenantWithOwnerAsync();
        var (_, otherTenants) = await otherOwner.CreateApiTokenAsync(otherSlug);

        // 3 + 2 calls: each token within its own limit of 3, the tenant at its 5.
        foreach (var token in new[] { first, first, first, second, second })
        {
            using var allowed = await ModelsAsync(token);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var refused = await ModelsAsync(second);
        using var elsewhere = await ModelsAsync(otherTenants);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "429 without a Retry-After.");
        var (code, message) = await ErrorOf(refused);
        Assert.Equal(429, code);
        Assert.StartsWith("Rate limit exceeded for this tenant: at most 5 requests in an hour with all its API tokens together.", message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, elsewhere.StatusCode);
    }

    private async Task<HttpResponseMessage> ModelsAsync(string token)
    {
        using var client = fixture.App.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/models");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request);
    }

    private static async Task<(int Code, string Message)> ErrorOf(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = json.RootElement.GetProperty("error");
        return (error.GetProperty("code").GetInt32(), error.GetProperty("message").GetString()!);
    }
}
