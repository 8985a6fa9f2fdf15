using Microsoft.Extensions.Options;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Web.Hosting;

namespace OpenRouterSaaS.Web.Identity;

/// <summary>
/// Builds absolute links to the site's pages, for emails and for links people pass on: from <c>App:PublicBaseUrl</c>,
/// never from the request's Host header; only in Development, where it may be unset, from the current request.
/// </summary>
public sealed class WebAppLinks(IHttpContextAccessor accessor, LinkGenerator links, IOptions<PublicSiteOptions> site) : IAppLinks
{
    // The site writes its paths in lower case, but a token in a path is case-sensitive: lower-casing it breaks the link.
    private static readonly LinkOptions KeepCase = new() { LowercaseUrls = false };

    public string Invitation(string token) => Page("/Invitations/Accept", new { token }, KeepCase);

    /// <summary>The absolute address of a Razor page (<paramref name="values"/> holds its route values, and <c>area</c> for an area's page).</summary>
    public string Page(string page, object values, LinkOptions? options = null)
    {
        var link = site.Value.BaseUri is { } baseUri
            ? links.GetUriByPage(page, handler: null, values, baseUri.Scheme, HostString.FromUriComponent(baseUri.Authority),
                PathString.FromUriComponent(baseUri.AbsolutePath.TrimEnd('/')), options: options)
            : links.GetUriByPage(accessor.HttpContext ?? throw new InvalidOperationException("Links need App:PublicBaseUrl or an HTTP request."),
                page, handler: null, values, options: options);
        return link ?? throw new InvalidOperationException($"The page {page} has no route.");
    }
}
