using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenRouterSaaS.Application;
using OpenRouterSaaS.Infrastructure;
using OpenRouterSaaS.Infrastructure.Secrets;
using OpenRouterSaaS.IntegrationTests.Infrastructure;

namespace OpenRouterSaaS.IntegrationTests.Secrets;

/// <summary>Master keys and the app's services as Program.cs builds them for rotate-secrets, for the rotation tests.</summary>
internal static class RotationSetup
{
    public static SecretProtector Protector(string active, params (string Id, string Key)[] keys) =>
        new(Options.Create(new SecretsOptions { ActiveKeyId = active, MasterKeys = keys.ToDictionary(key => key.Id, key => key.Key, StringComparer.Ordinal) }));

    /// <param name="adjust">Changes to the registrations before the provider is built, such as the secret stores.</param>
    public static ServiceProvider Services(PostgresDatabase database, string active, (string Id, string Key)[] keys, Action<IServiceCollection>? adjust = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Default"] = database.ConnectionString,
            ["Secrets:ActiveKeyId"] = active,
        };
        foreach (var (id, key) in keys)
        {
            settings[$"Secrets:MasterKeys:{id}"] = key;
        }

        var services = new ServiceCollection().AddLogging();
        services.AddApplication().AddInfrastructure(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        adjust?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }
}
