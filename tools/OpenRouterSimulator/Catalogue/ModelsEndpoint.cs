using System.Text.Json;
using OpenRouterSimulator.Api;
using OpenRouterSimulator.Faults;

namespace OpenRouterSimulator.Catalogue;

/// <summary><c>GET /api/v1/models</c>: the fixed catalogue, serialized once; no key needed, as on OpenRouter.</summary>
internal sealed class ModelsEndpoint(ModelCatalogue catalogue, FaultResponder faults)
{
    private readonly byte[] _body = JsonSerializer.SerializeToUtf8Bytes(
        new ModelsResponse([.. catalogue.Models.Select(ModelDto.From)]), SimulatorJsonContext.Wire.ModelsResponse);

    public async Task HandleAsync(HttpContext context)
    {
        if (await faults.InterceptAsync(context))
        {
            return;
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = _body.Length;
        await context.Response.Body.WriteAsync(_body, context.RequestAborted);
    }
}
