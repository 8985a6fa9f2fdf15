using System.Reflection;
using Mediator;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Common.Security;
using OpenRouterSaaS.Domain.Common;

namespace OpenRouterSaaS.Application.Common.Behaviours;

/// <summary>Enforces <see cref="RequireTenantRoleAttribute"/> and <see cref="RequireSignedInAttribute"/>, so no handler can forget them.</summary>
public sealed class AuthorizationBehaviour<TMessage, TResponse>(ICurrentUser currentUser, ITenantContext tenant)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    private static readonly RequireTenantRoleAttribute? RequiredRole = typeof(TMessage).GetCustomAttribute<RequireTenantRoleAttribute>();
    private static readonly bool RequiresSignIn = RequiredRole is not null || typeof(TMessage).IsDefined(typeof(RequireSignedInAttribute));

    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var error = Check();
        return error is null ? next(message, cancellationToken) : ValueTask.FromResult(FailureResult<TResponse>.Create(error));
    }

    private Error? Check()
    {
        if (!RequiresSignIn)
        {
            return null;
        }

        if (currentUser.UserId is null)
        {
            return Error.Forbidden("Sign in first.");
        }

        if (RequiredRole is null)
        {
            return null;
        }

        // Not revealing that a tenant exists to a non-member: it is simply not found.
        if (tenant.TenantId is null || tenant.Role is not { } role)
        {
            return Error.NotFound("Tenant not found.");
        }

        return role >= RequiredRole.Role
            ? null
            : Error.Forbidden($"This needs the {RequiredRole.Role} role in this tenant; you are a {role}.");
    }
}
