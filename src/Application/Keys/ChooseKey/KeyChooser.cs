using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OpenRouterSaaS.Application.Common.Exceptions;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Credentials;

namespace OpenRouterSaaS.Application.Keys.ChooseKey;

/// <summary>Loads what <see cref="KeyChoice"/> needs for one member of the current tenant, and decrypts the key it picks.</summary>
public sealed class KeyChooser(IAppDbContext db, ITenantContext tenant, ISecretProtector protector, TimeProvider clock, ILogger<KeyChooser> logger) : IKeyChooser
{
    public async Task<Result<KeyDecision>> DecideAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        var situation = await ReadSituationAsync(userId, cancellationToken);
        return situation.IsSuccess ? Decide(situation.Value) : situation.Error!;
    }

    public async Task<Result<ChosenKey>> ChooseAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        var situation = await ReadSituationAsync(userId, cancellationToken);
        return situation.IsSuccess ? Choose(situation.Value) : situation.Error!;
    }

    public Result<ChosenKey> Choose(KeySituation situation)
    {
        var decision = Decide(situation);
        if (decision.Key is not { } chosen)
        {
            return Error.Forbidden(decision.Explanation);
        }

        var credential = chosen.Id == situation.Personal?.Id ? situation.Personal : situation.Shared!;
        try
        {
            return new ChosenKey(credential.Kind, credential.Id, credential.Mask, credential.Fingerprint, protector.Reveal(credential));
        }
        catch (SecretUnreadableException unreadable)
        {
            // The exception's message names the reason and never the key or the master key.
            logger.LogWarning("The {Kind} key {CredentialId} ({Fingerprint}) of tenant {TenantId} could not be decrypted: {Reason}",
                credential.Kind, credential.Id, credential.Fingerprint, credential.TenantId, unreadable.Message);
            return Error.Conflict(credential.Kind == CredentialKind.Personal
                ? $"Your stored key can no longer be read (the server's encryption keys changed); save it again at /t/{tenant.Slug}/keys."
                : "The tenant's shared key can no longer be read (the server's encryption keys changed); ask an admin to save it again.");
        }
    }

    public async Task<Result<KeySituation>> ReadSituationAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        var tenantId = tenant.TenantId ?? throw new InvalidOperationException("A key is chosen within a tenant; enter one first.");
        var mayUseShared = await db.Memberships
            .Where(membership => membership.UserId == userId)
            .Select(membership => (bool?)membership.MayUseSharedKey)
            .SingleOrDefaultAsync(cancellationToken);
        if (mayUseShared is null)
        {
            return Error.NotFound("You are not a member of this tenant.");
        }

        var policy = await db.Tenants.Where(row => row.Id == tenantId).Select(row => row.KeyPolicy).SingleAsync(cancellationToken);
        var credentials = await db.OpenRouterCredentials.AsNoTracking()
            .Where(credential => (credential.Kind == CredentialKind.Personal && credential.OwnerUserId == userId) || credential.Kind == CredentialKind.Shared)
            .ToListAsync(cancellationToken);
        return new KeySituation(
            policy,
            credentials.SingleOrDefault(credential => credential.Kind == CredentialKind.Personal),
            credentials.SingleOrDefault(credential => credential.Kind == CredentialKind.Shared),
            mayUseShared.Value);
    }

    /// <summary>Decided at this moment: a key's expiry and last check are weighed against the clock now.</summary>
    private KeyDecision Decide(KeySituation situation) =>
        KeyChoice.Decide(
            situation.Policy,
            situation.Personal is { } personal ? KeyCandidate.Of(personal) : null,
            situation.Shared is { } shared ? KeyCandidate.Of(shared) : null,
            situation.MayUseSharedKey,
            clock.GetUtcNow(),
            tenant.Slug!);
}
