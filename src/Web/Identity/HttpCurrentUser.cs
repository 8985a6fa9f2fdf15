using System.Security.Claims;
using OpenRouterSaaS.Application.Common.Interfaces;

namespace OpenRouterSaaS.Web.Identity;

/// <summary>The signed-in person of the current HTTP request, read from the authentication cookie's claims.</summary>
public sealed class HttpCurrentUser(IHttpContextAccessor accessor) : ICurrentUser
{
    public Guid? UserId =>
        Guid.TryParse(accessor.HttpContext?.User.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public string? Email => accessor.HttpContext?.User.FindFirstValue(ClaimTypes.Email);
}
