using OpenRouterSaaS.Domain.Audit;
using OpenRouterSaaS.Application.Common.Exceptions;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Credentials;

namespace OpenRouterSaaS.Application.Keys;

/// <summary>Checks a stored key with OpenRouter again ("Check again") and records the answer on its row.</summary>
public sealed class StoredKeyCheck(IAppDbContext db, ISecretProtector protector, IKeyDetailsSource keys, IAuditLog audit, TimeProvider clock)
{
    public async Task<Result<CheckKeyOutcome>> CheckAsync(OpenRouterCredential credential, CancellationToken cancellationToken)
    {
        string key;
        try
        {
            key = protector.Reveal(credential);
        }
        catch (SecretUnreadableException)
        {
            return Error.Conflict("The stored key can no longer be read (the server's encryption keys changed); save it again.");
        }

        var verification = await KeyVerification.AskAsync(keys, key, clock, cancellationToken);
        var now = clock.GetUtcNow();
        var (message, check) = verification.Verdict switch
        {
            KeyVerdict.Accepted => ("OpenRouter accepted the key; its details are up to date.", verification.Check),
            KeyVerdict.Rejected => ("OpenRouter rejected the key: it is no longer valid there, so it will not be used. Save a new one.", new KeyCheck(KeyStatus.Rejected, now)),
            _ => ($"{verification.Problem} The key and what is known about it are unchanged.", null),
        };
        if (check is not null)
        {
            credential.RecordCheck(check, now);
            var saved = await CredentialWriter.SaveAsync(
                db, audit, credential, AuditActions.KeyChecked, $"Checked the {credential.Kind.Name()} {credential.Mask} with OpenRouter: {credential.Status.ToString().ToLowerInvariant()}", cancellationToken);
            if (!saved.IsSuccess)
            {
                return saved.Error!;
            }
        }

        return new CheckKeyOutcome(verification.Verdict, message, StoredKey.From(credential, now));
    }
}
