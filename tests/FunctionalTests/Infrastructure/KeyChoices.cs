using Microsoft.Extensions.DependencyInjection;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Keys.ChooseKey;
using OpenRouterSaaS.Domain.Common;

namespace OpenRouterSaaS.FunctionalTests.Infrastructure;

/// <summary>Asks the app's key chooser, as the gateway will, which key would pay for a member's call right now.</summary>
public static class KeyChoices
{
    public static async Task<Result<ChosenKey>> ChooseKeyAsync(this AppFixture fixture, string slug, string email)
    {
        var tenant = (await fixture.Stored.TenantAsync(slug))!;
        var user = (await fixture.Stored.UserAsync(email))!;
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var role = (await fixture.Stored.RoleAsync(slug, email))!.Value;
        scope.ServiceProvider.GetRequiredService<ITenantContext>().Enter(tenant.Id, tenant.Slug, role);
        return await scope.ServiceProvider.GetRequiredService<IKeyChooser>().ChooseAsync(user.Id);
    }
}
