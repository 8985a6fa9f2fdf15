using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenRouterSaaS.Application.Common.Exceptions;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.OpenRouter;

namespace OpenRouterSaaS.Infrastructure.Workers;

/// <summary>One worker's job for several tenants in turn, each in a scope of its own that acts in that tenant.</summary>
internal static class TenantRound
{
    /// <summary>
    /// Runs <paramref name="work"/> for each tenant. OpenRouter failing, or a key that cannot be decrypted, is logged as
    /// "Could not <paramref name="activity"/> of tenant …" and does not stop the others. Returns how many tenants' work said it was done.
    /// </summary>
    public static async Task<int> RunAsync(
        IServiceScopeFactory scopes, IEnumerable<(Guid Id, string Slug)> tenants, Func<IServiceProvider, CancellationToken, Task<bool>> work,
        string activity, ILogger logger, CancellationToken cancellationToken)
    {
        var done = 0;
        foreach (var (id, slug) in tenants)
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<ITenantContext>().Enter(id, slug, role: null);
            try
            {
                if (await work(scope.ServiceProvider, cancellationToken))
                {
                    done++;
                }
            }
            catch (OpenRouterException failure)
            {
                logger.LogWarning("Could not {Activity} of tenant {Slug}: {Kind} ({Status})", activity, slug, failure.Kind, failure.StatusCode);
            }
            catch (SecretUnreadableException unreadable)
            {
                logger.LogWarning("Could not {Activity} of tenant {Slug}: {Reason}", activity, slug, unreadable.Message);
            }
        }

        return done;
    }
}
