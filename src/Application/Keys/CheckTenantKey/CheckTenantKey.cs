using FluentValidation;
using Mediator;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Common.Security;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.Application.Keys.CheckTenantKey;

/// <summary>Asks OpenRouter again about the current tenant's shared or management key and keeps what it says.</summary>
[RequireTenantRole(TenantRole.Admin)]
public sealed record CheckTenantKeyCommand(CredentialKind Kind) : ICommand<Result<CheckKeyOutcome>>;

public sealed class CheckTenantKeyValidator : AbstractValidator<CheckTenantKeyCommand>
{
    public CheckTenantKeyValidator() => RuleFor(command => command.Kind).TenantKeyKind();
}

public sealed class CheckTenantKeyHandler(IAppDbContext db, StoredKeyCheck checker) : ICommandHandler<CheckTenantKeyCommand, Result<CheckKeyOutcome>>
{
    public async ValueTask<Result<CheckKeyOutcome>> Handle(CheckTenantKeyCommand command, CancellationToken cancellationToken)
    {
        var credential = await CredentialWriter.FindAsync(db, command.Kind, null, cancellationToken);
        return credential is null
            ? Error.NotFound($"This tenant has no {command.Kind.Name()}.")
            : await checker.CheckAsync(credential, cancellationToken);
    }
}
