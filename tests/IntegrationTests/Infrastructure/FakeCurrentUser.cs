using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Infrastructure.Identity;

namespace OpenRouterSaaS.IntegrationTests.Infrastructure;

internal sealed class FakeCurrentUser(Guid? userId, string? email) : ICurrentUser
{
    public FakeCurrentUser(ApplicationUser user) : this(user.Id, user.Email) { }

    public Guid? UserId { get; } = userId;

    public string? Email { get; } = email;
}
