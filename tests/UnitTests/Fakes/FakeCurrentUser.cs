using OpenRouterSaaS.Application.Common.Interfaces;

namespace OpenRouterSaaS.UnitTests.Fakes;

internal sealed class FakeCurrentUser(Guid? userId = null, string? email = null) : ICurrentUser
{
    public static FakeCurrentUser Anonymous => new();

    public static FakeCurrentUser SignedIn => new(Guid.CreateVersion7(), "someone@example.test");

    public Guid? UserId { get; } = userId;

    public string? Email { get; } = email;
}
