using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OpenRouterSaaS.Tests.Shared;
using Xunit.Sdk;

namespace OpenRouterSaaS.FunctionalTests.Infrastructure;

/// <summary>
/// One person at one browser: keeps cookies, opens pages, fills in and submits forms the page shows (with the
/// antiforgery token the form carries) and follows redirects as a browser would.
/// </summary>
public sealed class TestUser : IDisposable
{
    public const string AntiforgeryField = "__RequestVerificationToken";
    private const int MaxRedirects = 10;

    private static readonly HtmlParser Parser = new();
    private readonly HttpClient _client;
    private readonly CookieContainer _cookies;

    public TestUser(TestApp app, string email, string password)
        : this(app, email, password, new CookieContainer())
    {
    }

    private TestUser(TestApp app, string email, string password, CookieContainer cookies)
    {
        App = app;
        Email = email;
        Password = password;
        _cookies = cookies;
        _client = CreateClient(app, cookies);
    }

    public TestApp App { get; }

    /// <summary>The address this person registers (or registered) with.</summary>
    public string Email { get; }

    public string Password { get; set; }

    /// <summary>Headers sent with every request of this person, such as the <c>X-Forwarded-For</c> a reverse proxy would add.</summary>
    public System.Net.Http.Headers.HttpRequestHeaders Headers => _client.DefaultRequestHeaders;

    public Task<HtmlPage> GetAsync(string url) => SendAsync(new HttpRequestMessage(HttpMethod.Get, url));

    /// <summary>The part of a page that htmx fetches to swap in (the request says so with <c>HX-Request</c>).</summary>
    public Task<HtmlPage> GetPartialAsync(string url) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, url) { Headers = { { "HX-Request", "true" } } });

    /// <summary>The raw response, for what is not a page (JSON, redirects looked at one by one).</summary>
    public Task<HttpResponseMessage> GetResponseAsync(string url) => _client.GetAsync(url);

    /// <summary>
    /// Submits the form that <paramref name="selector"/> names (the form, or an element inside it such as its
    /// submit button) with the values it holds, changed by <paramref name="fields"/>.
    /// </summary>
    public Task<HtmlPage> SubmitAsync(HtmlPage page, string selector, params (string Name, string Value)[] fields)
    {
        var (form, values) = Fill(page, selector, fields);
        var action = form.GetAttribute("action");
        var target = string.IsNullOrEmpty(action) ? page.Url : new Uri(page.Url, action);
        if (string.Equals(form.Method, "get", StringComparison.OrdinalIgnoreCase))
        {
            // A GET form replaces the address's query with its fields, as a browser does.
            var query = string.Join("&", values.Select(field => $"{Uri.EscapeDataString(field.Key)}={Uri.EscapeDataString(field.Value)}"));
            return SendAsync(new HttpRequestMessage(HttpMethod.Get, new UriBuilder(target) { Query = query }.Uri));
        }

        return SendAsync(new HttpRequestMessage(HttpMethod.Post, target) { Content = new FormUrlEncodedContent(values) });
    }

    /// <summary>
    /// What htmx sends when the form that <paramref name="selector"/> names changes: its values (changed by
    /// <paramref name="fields"/>) posted to the form's <c>hx-post</c> address with <c>HX-Request</c>; the part of a page it answers.
    /// </summary>
    public Task<HtmlPage> SubmitPartialAsync(HtmlPage page, string selector, params (string Name, string Value)[] fields)
    {
        var (form, values) = Fill(page, selector, fields);
        var address = form.GetAttribute("hx-post") ?? throw new XunitException($"The form of '{selector}' on {page.Url} has no hx-post.");
        return SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri(page.Url, address))
        {
            Content = new FormUrlEncodedContent(values),
            Headers = { { "HX-Request", "true" } },
        });
    }

    /// <summary>A POST that no page of the site built: by default without the antiforgery token, as a forged cross-site form would be.</summary>
    public async Task<HtmlPage> PostAsync(string url, (string Name, string Value)[] fields, bool withAntiforgeryToken = false)
    {
        var values = fields.Select(field => new KeyValuePair<string, string>(field.Name, field.Value)).ToList();
        if (withAntiforgeryToken)
        {
            values.Add(new(AntiforgeryField, await AntiforgeryTokenAsync()));
        }

        return await SendAsync(new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(values) });
    }

    /// <summary>A form POST whose raw response (headers, status, no redirect followed) the test looks at; by default without the antiforgery token.</summary>
    public async Task<HttpResponseMessage> PostRawAsync(string url, (string Name, string Value)[] fields, bool withAntiforgeryToken = false)
    {
        var values = fields.Select(field => new KeyValuePair<string, string>(field.Name, field.Value)).ToList();
        if (withAntiforgeryToken)
        {
            values.Add(new(AntiforgeryField, await AntiforgeryTokenAsync()));
        }

        return await _client.PostAsync(url, new FormUrlEncodedContent(values));
    }

    /// <summary>Any request with this person's cookies, such as the playground's JSON post; the raw response, read as <paramref name="completion"/> says.</summary>
    public Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead) =>
        _client.SendAsync(request, completion);

    /// <summary>
    /// The same person with the same cookies, their requests going to <paramref name="other"/>: another instance of the
    /// app behind the same load balancer. The two share the cookies from then on, as one browser would.
    /// </summary>
    public TestUser On(TestApp other) => new(other, Email, Password, _cookies);

    public void Dispose() => _client.Dispose();

    /// <summary>
    /// A client that keeps cookies and does not follow redirects: in memory, or over loopback when the app listens on a
    /// port (the factory's client for Kestrel would follow redirects itself).
    /// </summary>
    private static HttpClient CreateClient(TestApp app, CookieContainer cookies) =>
        app.Services.GetRequiredService<IServer>() is TestServer
            ? app.CreateDefaultClient(new CookieContainerHandler(cookies))
            : new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = cookies }) { BaseAddress = app.ClientOptions.BaseAddress };

    /// <summary>A valid antiforgery token for this person, from a page anyone can open: the token is bound to the person, not to a form.</summary>
    public async Task<string> AntiforgeryTokenAsync()
    {
        var page = await GetAsync("/Identity/Account/Login");
        return page.Get($"#login-form input[name=\"{AntiforgeryField}\"]").GetAttribute("value")!;
    }

    /// <summary>The form that <paramref name="selector"/> names (or is inside), and what it would send, changed by <paramref name="fields"/>.</summary>
    private static (IHtmlFormElement Form, List<KeyValuePair<string, string>> Values) Fill(HtmlPage page, string selector, (string Name, string Value)[] fields)
    {
        var element = page.Get(selector);
        var form = element as IHtmlFormElement ?? element.Closest("form") as IHtmlFormElement
            ?? throw new XunitException($"'{selector}' on {page.Url} is not in a form.");

        var values = FormValues(form, element as IHtmlButtonElement);
        foreach (var (name, value) in fields)
        {
            values.RemoveAll(field => field.Key == name);
            values.Add(new(name, value));
        }

        return (form, values);
    }

    private async Task<HtmlPage> SendAsync(HttpRequestMessage request)
    {
        var redirects = new List<Uri>();
        var response = await _client.SendAsync(request);
        while (IsRedirect(response.StatusCode))
        {
            if (redirects.Count == MaxRedirects)
            {
                throw new XunitException($"More than {MaxRedirects} redirects from {request.RequestUri}: {string.Join(" -> ", redirects)}");
            }

            var location = new Uri(response.RequestMessage!.RequestUri!, response.Headers.Location!);
            redirects.Add(location);
            response.Dispose();
            // After a redirect the browser fetches the new address with GET (post-redirect-get).
            response = await _client.GetAsync(location);
        }

        using (response)
        {
            var html = await response.Content.ReadAsStringAsync();
            return new HtmlPage(response.StatusCode, response.RequestMessage!.RequestUri!, await Parser.ParseDocumentAsync(html), redirects);
        }
    }

    private static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.Redirect or HttpStatusCode.RedirectMethod or HttpStatusCode.MovedPermanently or HttpStatusCode.TemporaryRedirect;

    /// <summary>What a browser would send for <paramref name="form"/>: named, enabled fields, checked boxes, selected options, and the button pressed.</summary>
    private static List<KeyValuePair<string, string>> FormValues(IHtmlFormElement form, IHtmlButtonElement? pressed)
    {
        var values = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            var name = element.GetAttribute("name");
            if (string.IsNullOrEmpty(name) || element.HasAttribute("disabled"))
            {
                continue;
            }

            switch (element)
            {
                case IHtmlInputElement { Type: "checkbox" or "radio" } choice when !choice.IsChecked:
                case IHtmlInputElement { Type: "submit" or "button" or "image" or "file" }:
                    break;
                case IHtmlInputElement input:
                    values.Add(new(name, input.Value));
                    break;
                case IHtmlSelectElement select:
                    values.Add(new(name, select.Value ?? ""));
                    break;
                case IHtmlTextAreaElement textArea:
                    values.Add(new(name, textArea.Value));
                    break;
                case IHtmlButtonElement button when button == pressed:
                    values.Add(new(name, button.Value));
                    break;
            }
        }

        return values;
    }
}
