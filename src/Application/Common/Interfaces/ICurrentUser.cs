namespace OpenRouterSaaS.Application.Common.Interfaces;

/// <summary>The person on whose behalf the current request runs, if anyone is signed in.</summary>
public interface ICurrentUser
{
    Guid? UserId { get; }

    string? Email { get; }

    /// <summary>The signed-in person's id; only call it where <see cref="Security.RequireSignedInAttribute"/> or a tenant role already ensured one.</summary>
    Guid RequiredUserId => UserId ?? throw new InvalidOperationException("No one is signed in.");
}
