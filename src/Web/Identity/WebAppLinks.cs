using OpenRouterSaaS.Application.Common.Interfaces;

namespace OpenRouterSaaS.Web.Identity;

/// <summary>Builds absolute links from the current request's scheme and host.</summary>
public sealed class WebAppLinks(IHttpContextAccessor accessor, LinkGenerator links) : IAppLinks
{
    // The site writes its paths in lower case, but a token in a path is case-sensitive: lower-casing it breaks the link.
    private static readonly LinkOptions KeepCase = new() { LowercaseUrls = false };

    public string Invitation(string token) =>
        links.GetUriByPage(accessor.HttpContext ?? throw new InvalidOperationException("Links need an HTTP request."), "/Invitations/Accept", handler: null, values: new { token }, options: KeepCase)
        ?? throw new InvalidOperationException("The invitation page has no route.");
}
