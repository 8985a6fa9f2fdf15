using Microsoft.Extensions.DependencyInjection;
using OpenRouterSaaS.Application.Secrets.RotateSecrets;

namespace OpenRouterSaaS.Infrastructure.Secrets;

/// <summary><c>dotnet OpenRouterSaaS.Web.dll rotate-secrets</c>: re-encrypts every stored secret under <c>Secrets:ActiveKeyId</c>.</summary>
public static class SecretRotationCommand
{
    public static async Task<SecretRotationReport> RunAsync(IServiceProvider services, int batchSize = SecretRotation.DefaultBatchSize, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SecretRotation>().RotateAllAsync(batchSize, cancellationToken);
    }
}
