using OpenRouterSaaS.Domain.Audit;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Common.Security;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.Application.Keys.SetKeyPolicy;

/// <summary>
/// Sets which key pays for members' calls in the current tenant. "Shared key only" needs a shared key (without one no
/// call could be made); the other policies are always allowed, with a warning when some members would have no key.
/// </summary>
[RequireTenantRole(TenantRole.Admin)]
public sealed record SetKeyPolicyCommand(KeyPolicy Policy) : ICommand<Result<KeyChangeOutcome>>;

public sealed class SetKeyPolicyValidator : AbstractValidator<SetKeyPolicyCommand>
{
    public SetKeyPolicyValidator() =>
        RuleFor(command => command.Policy).IsInEnum().WithMessage("Choose one of the three key policies.");
}

public sealed class SetKeyPolicyHandler(IAppDbContext db, ITenantContext tenantContext, IAuditLog audit) : ICommandHandler<SetKeyPolicyCommand, Result<KeyChangeOutcome>>
{
    public const string NoSharedKeyMessage =
        "This tenant has no shared key yet. Set the shared key first: with \"shared key only\" and no shared key, no one here could make a call.";

    public async ValueTask<Result<KeyChangeOutcome>> Handle(SetKeyPolicyCommand command, CancellationToken cancellationToken)
    {
        var hasSharedKey = await db.OpenRouterCredentials.AnyAsync(credential => credential.Kind == CredentialKind.Shared, cancellationToken);
        if (command.Policy == KeyPolicy.SharedOnly && !hasSharedKey)
        {
            return Error.InvalidField(nameof(command.Policy), NoSharedKeyMessage);
        }

        var tenant = await db.Tenants.SingleAsync(tenant => tenant.Id == tenantContext.TenantId, cancellationToken);
        var before = tenant.KeyPolicy;
        tenant.SetKeyPolicy(command.Policy);
        audit.Record(AuditActions.KeyPolicyUpdated, new AuditTarget("tenant", tenant.Id), $"Changed the key policy from {before} to {command.Policy}",
            new Dictionary<string, string?> { ["before"] = before.ToString(), ["after"] = command.Policy.ToString() });
        await db.SaveChangesAsync(cancellationToken);

        var members = await db.Memberships.CountAsync(cancellationToken);
        var withoutOwnKey = members - await db.OpenRouterCredentials.CountAsync(credential => credential.Kind == CredentialKind.Personal, cancellationToken);
        var warning = command.Policy switch
        {
            KeyPolicy.PersonalOnly => PolicyWarnings.MembersWithoutOwnKey(withoutOwnKey, members),
            KeyPolicy.SharedOnly => PolicyWarnings.MembersDenied(await db.Memberships.CountAsync(membership => !membership.MayUseSharedKey, cancellationToken)),
            _ => hasSharedKey ? null : PolicyWarnings.NoFallback(withoutOwnKey),
        };
        return new KeyChangeOutcome(warning);
    }
}
