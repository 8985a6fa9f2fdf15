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
        var situation = await LoadAsync(userId, cancellationToken);
        return situation.IsSuccess ? situation.Value.Decision : situation.Error!;
    }

    public async Task<Result<ChosenKey>> ChooseAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        var situation = await LoadAsync(userId, cancellationToken);
        if (!situation.IsSuccess)
        {
            return situation.Error!;
        }

        var (decision, credentials) = situation.Value;
        if (decision.Key is not { } chosen)
        {
            return Error.Forbidden(decision.Explanation);
        }

        var credential = credentials.Single(candidate => candidate.Id == chosen.Id);
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

    private async Task<Result<(KeyDecision Decision, List<OpenRouterCredential> Credentials)>> LoadAsync(Guid userId, CancellationToken cancellationToken)
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
        var personal = credentials.SingleOrDefault(credential => credential.Kind == CredentialKind.Personal);
        var shared = credentials.SingleOrDefault(credential => credential.Kind == CredentialKind.Shared);
        var decision = KeyChoice.Decide(
            policy,
            personal is null ? null : KeyCandidate.Of(personal),
            shared is null ? null : KeyCandidate.Of(shared),
            mayUseShared.Value,
            clock.GetUtcNow(),
            tenant.Slug!);
        return (decision, credentials);
    }
}
