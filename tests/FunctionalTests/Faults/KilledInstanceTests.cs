using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenRouterSaaS.Application.Usage.Reconciliation;
using OpenRouterSaaS.Domain.Budgets;
using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.Domain.Usage;
using OpenRouterSaaS.FunctionalTests.Gateway;
using OpenRouterSaaS.FunctionalTests.MultiInstance;
using OpenRouterSaaS.Infrastructure.Budgets;
using OpenRouterSaaS.Infrastructure.Persistence;
using OpenRouterSaaS.Infrastructure.Tenancy;
using OpenRouterSaaS.Infrastructure.Usage;

namespace OpenRouterSaaS.FunctionalTests.Faults;

/// <summary>
/// Instance A was killed in the middle of a call: its budget reservation stays Held and its ledger row Pending, with no
/// generation id. Instance B's sweeps (in either order) release the reservation once and end the row Failed with a reason.
/// (<see cref="TwoInstancesTests"/> covers many stale reservations swept by both instances at once.)
/// </summary>
public sealed class KilledInstanceTests(TwoInstancesFixture fixture) : IClassFixture<TwoInstancesFixture>
{
    private const decimal Estimate = 0.002m;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_other_instances_sweeps_release_what_a_killed_instance_held_and_fail_its_pending_row(bool reservationSweepFirst)
    {
        var tenant = await fixture.TenantReadyToCallAsync(sharedKey: true);
        using (var first = await fixture.ChatAsync(tenant.Token, GatewayKit.Chat(GatewayKit.Paid, "A call that ended well.")))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        var budgetsBefore = await fixture.BudgetsAsync(tenant.Slug);
        var (reservationId, recordId) = await SeedKilledCallAsync(tenant.Slug, tenant.Owner.Email, budgetsBefore);
        Assert.All(await fixture.BudgetsAsync(tenant.Slug), budget => Assert.Equal(Estimate, budget.ReservedUsd));

        if (reservationSweepFirst)
        {
            Assert.Equal(1, await fixture.OnB<ReservationSweep>().RunOnceAsync());
            Assert.Equal(1, (await fixture.OnB<ReconciliationSweep>().RunOnceAsync())[ReconciliationOutcome.Failed]);
        }
        else
        {
            Assert.Equal(1, (await fixture.OnB<ReconciliationSweep>().RunOnceAsync())[ReconciliationOutcome.Failed]);
            Assert.Equal(0, await fixture.OnB<ReservationSweep>().RunOnceAsync());
        }

        Assert.Equal(ReservationStatus.Released, (await fixture.ReservationAsync(reservationId)).Status);
        var budgetsAfter = await fixture.BudgetsAsync(tenant.Slug);
        Assert.All(budgetsAfter, budget => Assert.Equal(0m, budget.ReservedUsd));
        Assert.Equal(budgetsBefore.OrderBy(b => b.Id).Select(b => b.SpentUsd), budgetsAfter.OrderBy(b => b.Id).Select(b => b.SpentUsd));
        var row = Assert.Single(await fixture.UsageAsync(tenant.Slug), row => row.Id == recordId);
        Assert.Equal(UsageStatus.Failed, row.Status);
        Assert.Equal(UsageRecord.UnresolvedErrorCode, row.ErrorCode);
        Assert.Equal(GenerationReconciler.StoppedBeforeAnswerMessage, row.ErrorMessage);
        Assert.Null(row.CostUsd);
        Assert.DoesNotContain(await fixture.UsageAsync(tenant.Slug), other => other.Status == UsageStatus.Pending);
    }

    /// <summary>What a call leaves when its instance dies before OpenRouter answers: an hour-old Held reservation on both budget rows, and a Pending row.</summary>
    private async Task<(Guid Reservation, Guid Record)> SeedKilledCallAsync(string slug, string email, IReadOnlyList<Budget> budgets)
    {
        var tenantBudget = budgets.Single(budget => budget.MemberUserId is null);
        var userId = (await fixture.Stored.UserAsync(email))!.Id;
        var memberBudget = budgets.Single(budget => budget.MemberUserId == userId);
        var startedAt = fixture.Clock.GetUtcNow().AddHours(-1);
        var reservationId = Guid.CreateVersion7();

        await using var scope = fixture.App.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Enter(tenantBudget.TenantId, slug, role: null);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO budget_reservations (id, tenant_id, user_id, member_budget_id, tenant_budget_id, estimate_usd, status, created_at)
            VALUES ({reservationId}, {tenantBudget.TenantId}, {userId}, {memberBudget.Id}, {tenantBudget.Id}, {Estimate}, 'Held', {startedAt})
            """);
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"UPDATE budgets SET reserved_usd = reserved_usd + {Estimate} WHERE id IN ({tenantBudget.Id}, {memberBudget.Id})");

        var record = UsageRecord.Start(tenantBudget.TenantId, userId, CredentialKind.Shared, Guid.NewGuid(), apiTokenId: null, GatewayKit.Paid,
            streamed: false, reservationId, startedAt);
        db.UsageRecords.Add(record);
        await db.SaveChangesAsync();
        return (reservationId, record.Id);
    }
}
