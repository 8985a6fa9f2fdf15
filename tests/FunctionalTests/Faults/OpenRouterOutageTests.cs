using System.Diagnostics.CodeAnalysis;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OpenRouterSaaS.Domain.Budgets;
using OpenRouterSaaS.Domain.Usage;
using OpenRouterSaaS.FunctionalTests.Gateway;
using OpenRouterSaaS.FunctionalTests.Infrastructure;
using OpenRouterSaaS.FunctionalTests.MultiInstance;
using OpenRouterSaaS.Infrastructure.Catalogue;

namespace OpenRouterSaaS.FunctionalTests.Faults;

/// <summary>An app whose workers are off and whose catalogue was loaded from the simulator as it started.</summary>
[SuppressMessage("Design", "CA1001", Justification = "xUnit disposes fixtures through IAsyncLifetime.DisposeAsync.")]
public sealed class CatalogueLoadedFixture() : AppFixture(settings: TwoInstancesFixture.WorkersOff)
{
    protected override Task StartedAsync() => App.LoadCatalogueAsync();
}

/// <summary>
/// OpenRouter cannot be reached (connection refused): the catalogue keeps its last good state, and a call through the
/// gateway gets 502 with its ledger row Failed and its budget reservation released.
/// </summary>
public sealed class OpenRouterOutageTests(CatalogueLoadedFixture fixture) : IClassFixture<CatalogueLoadedFixture>
{
    [Fact]
    public async Task The_catalogue_keeps_its_last_good_state_and_calls_get_502_with_nothing_left_pending_or_held()
    {
        var tenant = await fixture.TenantReadyToCallAsync(sharedKey: true);
        var modelsBefore = (await tenant.Owner.GetAsync($"/t/{tenant.Slug}/models")).Attributes("#models-table tr[data-model]", "data-model");
        Assert.NotEmpty(modelsBefore);

        using (fixture.App.OpenRouterUnreachable())
        {
            var refresh = await fixture.App.Services.GetRequiredService<CatalogueRefreshJob>().RunOnceAsync();
            Assert.Equal(CatalogueRefreshOutcome.Failed, refresh);

            var models = await tenant.Owner.GetAsync($"/t/{tenant.Slug}/models");
            Assert.Equal(HttpStatusCode.OK, models.Status);
            Assert.Equal(modelsBefore, models.Attributes("#models-table tr[data-model]", "data-model"));

            using var call = await fixture.ChatAsync(tenant.Token, GatewayKit.Chat(GatewayKit.Paid, "While OpenRouter is away."));
            Assert.Equal(HttpStatusCode.BadGateway, call.StatusCode);
            var (code, message) = await GatewayKit.ErrorOf(call);
            Assert.Equal(502, code);
            Assert.StartsWith("OpenRouter could not be reached", message, StringComparison.Ordinal);
            Assert.DoesNotContain(tenant.Key, message, StringComparison.Ordinal);
        }

        var row = Assert.Single(await fixture.UsageAsync(tenant.Slug));
        Assert.Equal(UsageStatus.Failed, row.Status);
        Assert.Equal("unreachable", row.ErrorCode);
        var reservation = Assert.Single(await fixture.ReservationsAsync(tenant.Slug));
        Assert.Equal(ReservationStatus.Released, reservation.Status);
        Assert.All(await fixture.BudgetsAsync(tenant.Slug), budget => Assert.Equal(0m, budget.ReservedUsd));

        // Once OpenRouter is back, the same call goes through.
        using var again = await fixture.ChatAsync(tenant.Token, GatewayKit.Chat(GatewayKit.Paid, "OpenRouter is back."));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }
}
