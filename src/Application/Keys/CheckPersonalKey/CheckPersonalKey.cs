using Mediator;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Common.Security;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.Application.Keys.CheckPersonalKey;

/// <summary>Asks OpenRouter again about the signed-in member's stored key and keeps what it says.</summary>
[RequireTenantRole(TenantRole.Member)]
public sealed record CheckPersonalKeyCommand : ICommand<Result<CheckKeyOutcome>>;

public sealed class CheckPersonalKeyHandler(IAppDbContext db, ICurrentUser currentUser, StoredKeyCheck checker)
    : ICommandHandler<CheckPersonalKeyCommand, Result<CheckKeyOutcome>>
{
    public async ValueTask<Result<CheckKeyOutcome>> Handle(CheckPersonalKeyCommand command, CancellationToken cancellationToken)
    {
        var credential = await CredentialWriter.FindAsync(db, CredentialKind.Personal, currentUser.RequiredUserId, cancellationToken);
        return credential is null
            ? Error.NotFound("You have no key stored in this tenant.")
            : await checker.CheckAsync(credential, cancellationToken);
    }
}
