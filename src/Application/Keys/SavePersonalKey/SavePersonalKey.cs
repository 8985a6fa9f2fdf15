using OpenRouterSaaS.Domain.Audit;
using FluentValidation;
using Mediator;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Common.Security;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.Application.Keys.SavePersonalKey;

/// <summary>
/// Saves or replaces the signed-in member's own OpenRouter key for the current tenant, after OpenRouter accepted it. When
/// OpenRouter cannot be reached, nothing is stored unless <see cref="SaveUnverified"/> asks to store it "not yet verified".
/// </summary>
[RequireTenantRole(TenantRole.Member)]
public sealed record SavePersonalKeyCommand(string Key, DateOnly? ExpiresOn, bool SaveUnverified = false) : ICommand<Result<SaveKeyOutcome>>
{
    public override string ToString() => $"{nameof(SavePersonalKeyCommand)} {{ Key = (hidden), ExpiresOn = {ExpiresOn}, SaveUnverified = {SaveUnverified} }}";
}

public sealed class SavePersonalKeyValidator : AbstractValidator<SavePersonalKeyCommand>
{
    public SavePersonalKeyValidator(TimeProvider clock)
    {
        RuleFor(command => command.Key).ValidOpenRouterKey();
        RuleFor(command => command.ExpiresOn).ExpiryAfterToday(clock);
    }
}

public sealed class SavePersonalKeyHandler(
    IAppDbContext db, ITenantContext tenant, ICurrentUser currentUser, ISecretProtector protector, IKeyDetailsSource keys, IAuditLog audit, TimeProvider clock)
    : ICommandHandler<SavePersonalKeyCommand, Result<SaveKeyOutcome>>
{
    public const string ManagementKeyMessage =
        "This is a management key: it cannot pay for calls. Save an ordinary OpenRouter key here; an admin can set a management key on the shared key page.";

    public async ValueTask<Result<SaveKeyOutcome>> Handle(SavePersonalKeyCommand command, CancellationToken cancellationToken)
    {
        var verification = await KeyVerification.AskAsync(keys, command.Key, clock, cancellationToken);
        KeyCheck check;
        switch (verification.Verdict)
        {
            case KeyVerdict.Rejected:
                return Error.InvalidField(nameof(command.Key), verification.Problem!);
            case KeyVerdict.CouldNotCheck when !command.SaveUnverified:
                return SaveKeyOutcome.NotChecked(verification.Problem!);
            case KeyVerdict.CouldNotCheck:
                check = KeyCheck.NotYetVerified();
                break;
            default:
                if (verification.IsManagementKey)
                {
                    return Error.InvalidField(nameof(command.Key), ManagementKeyMessage);
                }

                check = verification.Check!;
                break;
        }

        var now = clock.GetUtcNow();
        var credential = await CredentialWriter.PutAsync(
            db, protector, tenant.TenantId!.Value, CredentialKind.Personal, currentUser.RequiredUserId, command.Key, check, command.ExpiresOn, now, cancellationToken);
        var stored = await CredentialWriter.SaveAsync(
            db, audit, credential, AuditActions.PersonalKeySaved, $"Saved their own OpenRouter key {credential.Mask} ({credential.Status.ToString().ToLowerInvariant()})", cancellationToken);
        return stored.IsSuccess ? SaveKeyOutcome.Stored(StoredKey.From(stored.Value, now)) : stored.Error!;
    }
}
