using Mediator;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Common.Security;
using OpenRouterSaaS.Domain.ApiTokens;
using OpenRouterSaaS.Domain.Audit;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.Application.ApiTokens.CreateApiToken;

/// <summary>Creates a personal API token for the signed-in member in the current tenant; the token is returned this once and never again.</summary>
[RequireTenantRole(TenantRole.Member)]
public sealed record CreateApiTokenCommand(string Name, DateOnly? ExpiresOn) : ICommand<Result<CreatedApiToken>>;

/// <summary>A new token. <see cref="Token"/> is the only copy there will ever be.</summary>
public sealed record CreatedApiToken(Guid Id, string Name, string Token, DateTimeOffset? ExpiresAt)
{
    // A record prints every property; this one must not print the token into a log line or a test's output.
    public override string ToString() => $"CreatedApiToken {{ Id = {Id}, Name = {Name}, ExpiresAt = {ExpiresAt} }}";
}

public sealed class CreateApiTokenHandler(IAppDbContext db, ITenantContext tenantContext, ICurrentUser currentUser, IAuditLog audit, TimeProvider clock)
    : ICommandHandler<CreateApiTokenCommand, Result<CreatedApiToken>>
{
    public async ValueTask<Result<CreatedApiToken>> Handle(CreateApiTokenCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var (token, hash) = OpaqueToken.Create(ApiTokenFormat.Prefix);
        var expiresAt = command.ExpiresOn is { } day ? ApiTokenExpiry.ExpiresAt(day) : (DateTimeOffset?)null;
        var apiToken = new ApiToken(tenantContext.TenantId!.Value, currentUser.RequiredUserId, command.Name, hash, token[^ApiToken.HintLength..], now, expiresAt);
        db.ApiTokens.Add(apiToken);
        audit.Record(AuditActions.ApiTokenCreated, AuditTarget.ApiToken(apiToken.Id), $"Created the API token \"{apiToken.Name}\".", new Dictionary<string, string?>
        {
            ["name"] = apiToken.Name,
            ["expires_at"] = apiToken.ExpiresAt?.ToString("O"),
        });
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedApiToken(apiToken.Id, apiToken.Name, token, apiToken.ExpiresAt);
    }
}
