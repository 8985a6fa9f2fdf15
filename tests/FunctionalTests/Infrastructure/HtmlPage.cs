using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Xunit.Sdk;

namespace OpenRouterSaaS.FunctionalTests.Infrastructure;

/// <summary>A page as the person ends up seeing it: its status, its address after redirects, and its parsed HTML.</summary>
public sealed partial class HtmlPage(HttpStatusCode status, Uri url, IHtmlDocument document, IReadOnlyList<Uri> redirects)
{
    public HttpStatusCode Status { get; } = status;

    /// <summary>The address of the page shown, after following every redirect.</summary>
    public Uri Url { get; } = url;

    /// <summary>The addresses the request was redirected through, in order.</summary>
    public IReadOnlyList<Uri> Redirects { get; } = redirects;

    public IHtmlDocument Document { get; } = document;

    public string Path => Url.AbsolutePath;

    /// <summary>The whole page as HTML, to check what it must never contain.</summary>
    public string Source => Document.DocumentElement.OuterHtml;

    /// <summary>Whether this page is at <paramref name="path"/>; the app writes its links in lower case, so case does not matter.</summary>
    public bool IsAt(string path) => string.Equals(Url.AbsolutePath, path, StringComparison.OrdinalIgnoreCase);

    public string Heading => Find("h1") is { } heading ? Normalise(heading.TextContent) : "";

    /// <summary>The one-time message shown after a redirect (an action's result), or null.</summary>
    public string? StatusMessage => Find("#status-message") is { } message ? Normalise(message.TextContent) : null;

    public IElement? Find(string selector) => Document.QuerySelector(selector);

    public IElement Get(string selector) =>
        Find(selector) ?? throw new XunitException($"No element matches '{selector}' on {Url} ({(int)Status}, \"{Heading}\").\n{Excerpt()}");

    public bool Has(string selector) => Find(selector) is not null;

    public string Text(string selector) => Normalise(Get(selector).TextContent);

    public IReadOnlyList<string> Texts(string selector) => Document.QuerySelectorAll(selector).Select(element => Normalise(element.TextContent)).ToList();

    /// <summary>The value of <paramref name="attribute"/> on every element <paramref name="selector"/> matches, in order ("" where it is missing).</summary>
    public IReadOnlyList<string> Attributes(string selector, string attribute) =>
        Document.QuerySelectorAll(selector).Select(element => element.GetAttribute(attribute) ?? "").ToList();

    public string Href(string selector) => Get(selector).GetAttribute("href") ?? throw new XunitException($"'{selector}' on {Url} has no href.");

    /// <summary>The message shown next to a form field (its asp-validation-for span), or "" when there is none.</summary>
    public string FieldError(string field) =>
        Find($"[data-valmsg-for=\"{field}\"]") is { } span ? Normalise(span.TextContent) : "";

    /// <summary>The current value of a form field, as the browser would submit it.</summary>
    public string? FieldValue(string name) => Find($"[name=\"{name}\"]") switch
    {
        IHtmlSelectElement select => select.Value,
        IHtmlTextAreaElement textArea => textArea.Value,
        IHtmlInputElement input => input.Value,
        _ => null,
    };

    private static string Normalise(string text) => Whitespace().Replace(text, " ").Trim();

    private string Excerpt()
    {
        var text = Normalise(Document.QuerySelector("main")?.TextContent ?? Document.Body?.TextContent ?? "");
        return text.Length > 600 ? text[..600] + "…" : text;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
