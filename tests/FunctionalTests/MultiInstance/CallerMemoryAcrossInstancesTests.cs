using System.Net;
using OpenRouterSaaS.Application.Common.Security;
using OpenRouterSaaS.Application.Gateway.Callers;
using OpenRouterSaaS.Domain.Budgets;
using OpenRouterSaaS.FunctionalTests.Infrastructure;
using static OpenRouterSaaS.FunctionalTests.Gateway.GatewayKit;

namespace OpenRouterSaaS.FunctionalTests.MultiInstance;

/// <summary>
/// Each instance remembers its own API callers; a change an admin makes through another instance reaches it through the
/// database alone, on its very next call.
/// </summary>
public sealed class CallerMemoryAcrossInstancesTests(TwoInstancesFixture fixture) : IClassFixture<TwoInstancesFixture>
{
    [Fact]
    public async Task A_model_taken_off_the_allow_list_on_instance_B_is_refused_by_instance_A_at_once()
    {
        var tenant = await fixture.TenantReadyToCallAsync(sharedKey: true);
        await CallAndRememberOnAAsync(tenant.Token);
        using var ownerOnB = tenant.Owner.On(fixture.B);

        var page = await ownerOnB.GetAsync($"/t/{tenant.Slug}/admin/models");
        var saved = await ownerOnB.SubmitAsync(page, "#save-allow-list",
            ("Input.Mode", "AllowListed"), ("Input.AllowPatterns", "*:free"), ("Input.DenyPatterns", ""),
            ("Input.MaxPromptPricePerMillion", ""), ("Input.MaxCompletionPricePerMillion", ""));
        Assert.StartsWith("The allow-list was saved", saved.StatusMessage ?? "", StringComparison.Ordinal);

        using var refused = await fixture.ChatAsync(tenant.Token, Chat(Paid, "Hello again, A"));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("allow-list", (await ErrorOf(refused)).Message, StringComparison.Ordinal);
        await ExpectOneCallInTheLedgerAsync(tenant.Slug);
    }

    [Fact]
    public async Task A_token_revoked_on_instance_B_is_refused_by_instance_A_at_once()
    {
        var tenant = await fixture.TenantReadyToCallAsync(sharedKey: true);
        await CallAndRememberOnAAsync(tenant.Token);
        using var ownerOnB = tenant.Owner.On(fixture.B);

        await ownerOnB.RevokeApiTokenAsync(tenant.Slug, "laptop");

        using var refused = await fixture.ChatAsync(tenant.Token, Chat(Paid, "Hello again, A"));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal((401, "The API token was revoked."), await ErrorOf(refused));
        Assert.Equal("Bearer", refused.Headers.WwwAuthenticate.ToString());
        await ExpectOneCallInTheLedgerAsync(tenant.Slug);
    }

    /// <summary>A call through A (the fixture's app) that succeeds, after which A remembers the caller and its context.</summary>
    private async Task CallAndRememberOnAAsync(string token)
    {
        using var response = await fixture.ChatAsync(token, Chat(Paid, "Hello, A"));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"The first call through A answered {(int)response.StatusCode}.");
        Assert.True(fixture.OnA<ApiCallerCache>().Find(Convert.ToBase64String(OpaqueToken.Hash(token)))?.Context is not null,
            "Instance A does not remember the caller after a call: the test would not test its memory.");
    }

    /// <summary>Only the first call is in the ledger, ended, and no budget is held for the refused one.</summary>
    private async Task ExpectOneCallInTheLedgerAsync(string slug)
    {
        var row = Assert.Single(await fixture.SettledUsageAsync(slug));
        var reservation = Assert.Single(await fixture.ReservationsAsync(slug));
        Assert.Equal((row.ReservationId, ReservationStatus.Settled), (reservation.Id, reservation.Status));
    }
}
