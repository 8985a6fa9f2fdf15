using OpenRouterSaaS.Domain.Audit;
using Mediator;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Common.Security;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.Application.Keys.RemovePersonalKey;

/// <summary>Deletes the signed-in member's own key in the current tenant.</summary>
[RequireTenantRole(TenantRole.Member)]
public sealed record RemovePersonalKeyCommand : ICommand<Result>;

public sealed class RemovePersonalKeyHandler(IAppDbContext db, ICurrentUser currentUser, IAuditLog audit) : ICommandHandler<RemovePersonalKeyCommand, Result>
{
    public async ValueTask<Result> Handle(RemovePersonalKeyCommand command, CancellationToken cancellationToken)
    {
        var credential = await CredentialWriter.FindAsync(db, CredentialKind.Personal, currentUser.RequiredUserId, cancellationToken);
        if (credential is null)
        {
            return Error.NotFound("You have no key stored in this tenant.");
        }

        db.OpenRouterCredentials.Remove(credential);
        var saved = await CredentialWriter.SaveAsync(db, audit, credential, AuditActions.PersonalKeyRemoved, $"Removed their own OpenRouter key {credential.Mask}", cancellationToken);
        return saved.IsSuccess ? Result.Success() : saved.Error!;
    }
}
