using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Domain.ApiTokens;
using OpenRouterSaaS.Domain.Audit;
using OpenRouterSaaS.Domain.Common;

namespace OpenRouterSaaS.Application.ApiTokens;

/// <summary>Revoking a token, whoever does it: the token stops working at once and the audit log says who revoked it.</summary>
internal static class ApiTokenRevocation
{
    public const string NotFoundMessage = "That token was not found in this tenant.";

    /// <param name="ownerEmail">The owner's address when someone else revokes the token, for the audit summary.</param>
    public static Result Revoke(ApiToken token, Guid byUserId, string? ownerEmail, IAuditLog audit, DateTimeOffset now)
    {
        var result = token.Revoke(byUserId, now);
        if (result.IsSuccess)
        {
            var whose = ownerEmail is null ? "" : $" of {ownerEmail}";
            audit.Record(AuditActions.ApiTokenRevoked, AuditTarget.ApiToken(token.Id), $"Revoked the API token \"{token.Name}\"{whose}.", new Dictionary<string, string?>
            {
                ["name"] = token.Name,
                ["owner_user_id"] = token.UserId.ToString(),
            });
        }

        return result;
    }
}
