using OpenRouterSaaS.Domain.Audit;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Common.Security;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.Application.Keys.RemoveTenantKey;

/// <summary>
/// Deletes the current tenant's shared key or management key. Always allowed (a leaked key must go at once); the outcome
/// warns when the key policy now leaves members without a key.
/// </summary>
[RequireTenantRole(TenantRole.Admin)]
public sealed record RemoveTenantKeyCommand(CredentialKind Kind) : ICommand<Result<KeyChangeOutcome>>;

public sealed class RemoveTenantKeyValidator : AbstractValidator<RemoveTenantKeyCommand>
{
    public RemoveTenantKeyValidator() => RuleFor(command => command.Kind).TenantKeyKind();
}

public sealed class RemoveTenantKeyHandler(IAppDbContext db, ITenantContext tenantContext, IAuditLog audit) : ICommandHandler<RemoveTenantKeyCommand, Result<KeyChangeOutcome>>
{
    public async ValueTask<Result<KeyChangeOutcome>> Handle(RemoveTenantKeyCommand command, CancellationToken cancellationToken)
    {
        var credential = await CredentialWriter.FindAsync(db, command.Kind, null, cancellationToken);
        if (credential is null)
        {
            return Error.NotFound($"This tenant has no {command.Kind.Name()}.");
        }

        db.OpenRouterCredentials.Remove(credential);
        var tenant = await db.Tenants.SingleAsync(tenant => tenant.Id == tenantContext.TenantId, cancellationToken);
        if (command.Kind == CredentialKind.Management)
        {
            tenant.ForgetCredit();
        }

        var action = command.Kind == CredentialKind.Management ? AuditActions.ManagementKeyRemoved : AuditActions.SharedKeyRemoved;
        var saved = await CredentialWriter.SaveAsync(db, audit, credential, action, $"Removed the {command.Kind.Name()} {credential.Mask}", cancellationToken);
        if (!saved.IsSuccess)
        {
            return saved.Error!;
        }

        return new KeyChangeOutcome(command.Kind == CredentialKind.Shared ? PolicyWarnings.WithoutSharedKey(tenant.KeyPolicy) : null);
    }
}
