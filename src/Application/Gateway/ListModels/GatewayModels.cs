using System.Text.Json;
using OpenRouterSaaS.Application.Models.Access;

namespace OpenRouterSaaS.Application.Gateway.ListModels;

/// <summary><c>GET /api/v1/models</c>: the models the current tenant's members may use, in OpenAI's list shape.</summary>
public sealed class GatewayModels(TenantModelAccess access)
{
    public async Task<GatewayResponse> ListAsync(CancellationToken cancellationToken = default)
    {
        var models = await access.AllowedModelsAsync(cancellationToken);
        var body = new
        {
            @object = "list",
            data = models.Select(model => new
            {
                id = model.Id,
                @object = "model",
                created = model.FirstSeenAt.ToUnixTimeSeconds(),
                owned_by = model.Provider,
            }),
        };
        return new GatewayResponse(200, JsonSerializer.SerializeToUtf8Bytes(body));
    }
}
