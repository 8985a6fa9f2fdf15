using OpenRouterSaaS.Domain.Audit;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.Logging;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Common.Security;
using OpenRouterSaaS.Application.Keys.Credit;
using OpenRouterSaaS.Application.OpenRouter;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.Application.Keys.SaveTenantKey;

/// <summary>
/// Sets or replaces the current tenant's shared key or management key, after OpenRouter accepted it (a management key must
/// be one). A shared key may be saved "not yet verified" when OpenRouter cannot be reached; a management key may not, as
/// only OpenRouter can tell that it is one.
/// </summary>
[RequireTenantRole(TenantRole.Admin)]
public sealed record SaveTenantKeyCommand(CredentialKind Kind, string Key, bool SaveUnverified = false) : ICommand<Result<SaveKeyOutcome>>
{
    public override string ToString() => $"{nameof(SaveTenantKeyCommand)} {{ Kind = {Kind}, Key = (hidden), SaveUnverified = {SaveUnverified} }}";
}

public sealed class SaveTenantKeyValidator : AbstractValidator<SaveTenantKeyCommand>
{
    public SaveTenantKeyValidator()
    {
        RuleFor(command => command.Kind).TenantKeyKind();
        RuleFor(command => command.Key).ValidOpenRouterKey();
    }
}

public sealed class SaveTenantKeyHandler(
    IAppDbContext db,
    ITenantContext tenant,
    ISecretProtector protector,
    IKeyDetailsSource keys,
    TenantCreditRefresher credit,
    IAuditLog audit,
    TimeProvider clock,
    ILogger<SaveTenantKeyHandler> logger)
    : ICommandHandler<SaveTenantKeyCommand, Result<SaveKeyOutcome>>
{
    public const string NotAManagementKeyMessage =
        "OpenRouter says this is not a management key. Create one under Settings → Management keys on openrouter.ai, or set this key as the shared key.";

    public const string ManagementKeyAsSharedMessage =
        "This is a management key: it cannot pay for calls. Set it as the management key below, and use an ordinary key as the shared key.";

    public async ValueTask<Result<SaveKeyOutcome>> Handle(SaveTenantKeyCommand command, CancellationToken cancellationToken)
    {
        var isManagement = command.Kind == CredentialKind.Management;
        var verification = await KeyVerification.AskAsync(keys, command.Key, clock, cancellationToken);
        KeyCheck check;
        switch (verification.Verdict)
        {
            case KeyVerdict.Rejected:
                return Error.InvalidField(nameof(command.Key), verification.Problem!);
            case KeyVerdict.CouldNotCheck when isManagement:
                return Error.InvalidField(nameof(command.Key), $"{verification.Problem} Only OpenRouter can tell that it is a management key, so it was not saved; try again later.");
            case KeyVerdict.CouldNotCheck when !command.SaveUnverified:
                return SaveKeyOutcome.NotChecked(verification.Problem!);
            case KeyVerdict.CouldNotCheck:
                check = KeyCheck.NotYetVerified();
                break;
            default:
                if (verification.IsManagementKey != isManagement)
                {
                    return Error.InvalidField(nameof(command.Key), isManagement ? NotAManagementKeyMessage : ManagementKeyAsSharedMessage);
                }

                check = verification.Check!;
                break;
        }

        var now = clock.GetUtcNow();
        var credential = await CredentialWriter.PutAsync(
            db, protector, tenant.TenantId!.Value, command.Kind, ownerUserId: null, command.Key, check, expiresOn: null, now, cancellationToken);
        var action = isManagement ? AuditActions.ManagementKeySaved : AuditActions.SharedKeySaved;
        var stored = await CredentialWriter.SaveAsync(
            db, audit, credential, action, $"Saved the {command.Kind.Name()} {credential.Mask} ({credential.Status.ToString().ToLowerInvariant()})", cancellationToken);
        if (!stored.IsSuccess)
        {
            return stored.Error!;
        }

        if (isManagement)
        {
            await RefreshCreditAsync(cancellationToken);
        }

        return SaveKeyOutcome.Stored(StoredKey.From(stored.Value, now));
    }

    // The navigation bar shows the credit at once; if OpenRouter does not answer now, the background refresh will.
    private async Task RefreshCreditAsync(CancellationToken cancellationToken)
    {
        try
        {
            await credit.RefreshAsync(cancellationToken);
        }
        catch (OpenRouterException failure)
        {
            logger.LogWarning("Could not read the credit of tenant {TenantId} after its management key was saved: {Kind}", tenant.TenantId, failure.Kind);
        }
    }
}
