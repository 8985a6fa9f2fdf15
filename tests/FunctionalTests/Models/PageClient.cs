using System.Net;
using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace OpenRouterSaaS.FunctionalTests.Models;

/// <summary>A browser-like client: keeps cookies, reads pages as HTML, posts forms with their antiforgery token.</summary>
public sealed class PageClient(HttpClient http) : IDisposable
{
    private static readonly IBrowsingContext Parser = BrowsingContext.New(Configuration.Default);

    public HttpClient Http { get; } = http;

    public async Task SignInAsync(string email, string password)
    {
        var page = await GetPageAsync("/Identity/Account/Login");
        var response = await PostFormAsync("/Identity/Account/Login", page, new()
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Signing in as {email} answered {(int)response.StatusCode}.");
        }
    }

    public async Task<IHtmlDocument> GetPageAsync(string path, bool htmx = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (htmx)
        {
            request.Headers.Add("HX-Request", "true");
        }

        using var response = await Http.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} answered {(int)response.StatusCode}");
        return await ParseAsync(response);
    }

    /// <summary>Posts <paramref name="fields"/> with the antiforgery token of <paramref name="page"/>'s first form.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string path, IHtmlDocument page, Dictionary<string, string> fields, bool htmx = false)
    {
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? throw new InvalidOperationException($"The page has no antiforgery token to post to {path}.");
        fields["__RequestVerificationToken"] = token;
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) };
        if (htmx)
        {
            request.Headers.Add("HX-Request", "true");
        }

        return await Http.SendAsync(request);
    }

    public static async Task<IHtmlDocument> ParseAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        return (IHtmlDocument)await Parser.OpenAsync(request => request.Content(html));
    }

    public void Dispose() => Http.Dispose();
}

internal static class HtmlExtensions
{
    public static IReadOnlyList<string> ModelIds(this IParentNode node, string selector) =>
        [.. node.QuerySelectorAll(selector).Select(element => element.GetAttribute("data-model")!)];

    public static string TextOf(this IParentNode node, string selector) =>
        node.QuerySelector(selector)?.TextContent.Trim() ?? throw new InvalidOperationException($"Nothing matches {selector}.");
}
