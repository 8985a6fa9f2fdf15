using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.OpenRouter;
using OpenRouterSaaS.Application.Usage.Reconciliation;
using OpenRouterSaaS.Domain.Budgets;
using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.Domain.Tenants;
using OpenRouterSaaS.Domain.Usage;
using OpenRouterSaaS.IntegrationTests.Budgets;
using OpenRouterSaaS.IntegrationTests.Infrastructure;

namespace OpenRouterSaaS.IntegrationTests.Usage;

/// <summary>
/// The reconciliation worker on real PostgreSQL: rows are reconciled with OpenRouter's generation records, budgets follow
/// what OpenRouter billed, missing records are waited for and then given up on, and rows the app left Pending are resolved.
/// </summary>
public sealed class ReconciliationSweepTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private static readonly DateTimeOffset Call = BudgetData.March;

    [Fact]
    public async Task A_completed_call_gets_the_billed_cost_and_its_settled_spend_is_corrected_to_it()
    {
        await using var world = new LedgerWorld(database);
        var (tenant, member, key) = await SharedKeyTenantAsync(world);
        var reservation = (await database.ReserveAsync(tenant, member, 0.05m, Call)).ReservationId!.Value;
        await database.SettleAsync(tenant, reservation, 0.010m);
        var id = LedgerWorld.NewGenerationId();
        var row = await world.AddCallAsync(tenant, member, key, Call, r => r.Complete("openai/gpt-4o", "OpenAI", id, 12, 30, 0, 0, 0.010m, Call.AddSeconds(2)), reservation);
        world.Generations.Found(LedgerWorld.Generation(id, 0.013m));
        world.Clock.Now = Call.AddSeconds(3);

        var round = await world.Sweep().RunOnceAsync();

        Assert.Equal((1, 1), (round.Total, round[ReconciliationOutcome.Reconciled]));
        var reconciled = await world.RecordAsync(row.Id);
        Assert.Equal(((decimal?)0.010m, (decimal?)0.013m, (decimal?)0.003m), (reconciled.CostUsd, reconciled.GenerationCostUsd, reconciled.CostDrift));
        Assert.Equal(((DateTimeOffset?)Call.AddSeconds(3), (DateTimeOffset?)null, 1), (reconciled.ReconciledAt, reconciled.NextReconcileAt, reconciled.ReconcileAttempts));
        Assert.Equal(UsageStatus.Completed, reconciled.Status);
        Assert.Equal((ReservationStatus.Settled, (decimal?)0.013m), ((await database.ReservationAsync(reservation)).Status, (await database.ReservationAsync(reservation)).ActualCostUsd));
        var (tenantBudget, _) = await database.BudgetsOfAsync(tenant);
        Assert.Equal((0.013m, 0m), (tenantBudget!.SpentUsd, tenantBudget.ReservedUsd));
        Assert.Equal(0.013m, (await database.MemberBudgetAsync(tenant, member)).SpentUsd);

        // Reconciled once: a later round has nothing to do, and the budgets stay.
        world.Clock.Now = Call.AddHours(2);
        Assert.Equal(0, (await world.Sweep().RunOnceAsync()).Total);
        Assert.Equal(1, world.Generations.TimesAsked(id));
        Assert.Equal(0.013m, (await database.BudgetsOfAsync(tenant)).Tenant!.SpentUsd);
    }

    [Fact]
    public async Task While_OpenRouter_answers_404_the_row_is_asked_again_later_and_later_until_the_record_comes()
    {
        await using var world = new LedgerWorld(database);
        var (tenant, member, key) = await SharedKeyTenantAsync(world);
        var id = LedgerWorld.NewGenerationId();
        var ended = Call.AddSeconds(2);
        var row = await world.AddCallAsync(tenant, member, key, Call, r => r.Complete("openai/gpt-4o", "OpenAI", id, 12, 30, 0, 0, 0.010m, ended));
        world.Generations.Answer(id, FakeGenerations.NotYet, FakeGenerations.NotYet, () => new GenerationLookup(LedgerWorld.Generation(id, 0.010m)));

        world.Clock.Now = ended;
        Assert.Equal(1, (await world.Sweep().RunOnceAsync())[ReconciliationOutcome.Deferred]);
        var first = await world.RecordAsync(row.Id);
        Assert.Equal((1, (DateTimeOffset?)ended.AddSeconds(2), (decimal?)null), (first.ReconcileAttempts, first.NextReconcileAt, first.GenerationCostUsd));

        // Not due yet: nothing is asked.
        world.Clock.Now = ended.AddSeconds(1);
        Assert.Equal(0, (await world.Sweep().RunOnceAsync()).Total);

        world.Clock.Now = ended.AddSeconds(2);
        Assert.Equal(1, (await world.Sweep().RunOnceAsync())[ReconciliationOutcome.Deferred]);
        Assert.Equal((2, (DateTimeOffset?)ended.AddSeconds(6)), ((await world.RecordAsync(row.Id)).ReconcileAttempts, (await world.RecordAsync(row.Id)).NextReconcileAt));

        world.Clock.Now = ended.AddSeconds(6);
        Assert.Equal(1, (await world.Sweep().RunOnceAsync())[ReconciliationOutcome.Reconciled]);
        var done = await world.RecordAsync(row.Id);
        Assert.Equal((3, (decimal?)0.010m, (DateTimeOffset?)null), (done.ReconcileAttempts, done.GenerationCostUsd, done.NextReconcileAt));
        Assert.Equal(3, world.Generations.TimesAsked(id));
    }

    [Fact]
    public async Task Transient_failures_are_retried_on_the_same_schedule()
    {
        await using var world = new LedgerWorld(database);
        var (tenant, member, key) = await SharedKeyTenantAsync(world);
        var id = LedgerWorld.NewGenerationId();
        var row = await world.AddCallAsync(tenant, member, key, Call, r => r.Complete("openai/gpt-4o", "OpenAI", id, 12, 30, 0, 0, 0.010m, Call));
        world.Generations.Answer(id,
            FakeGenerations.Fails(OpenRouterFailureKind.Unavailable, 503),
            FakeGenerations.Fails(OpenRouterFailureKind.Unreachable),
            () => new GenerationLookup(LedgerWorld.Generation(id, 0.011m)));

        world.Clock.Now = Call;
        Assert.Equal(1, (await world.Sweep().RunOnceAsync())[ReconciliationOutcome.Deferred]);
        world.Clock.Now = Call.AddSeconds(2);
        Assert.Equal(1, (await world.Sweep().RunOnceAsync())[ReconciliationOutcome.Deferred]);
        world.Clock.Now = Call.AddSeconds(6);
        Assert.Equal(1, (await world.Sweep().RunOnceAsync())[ReconciliationOutcome.Reconciled]);

        Assert.Equal(0.011m, (await world.RecordAsync(row.Id)).GenerationCostUsd);
    }

    [Fact]
    public async Task A_record_that_never_comes_is_given_up_after_the_window_and_the_row_stays_visibly_unreconciled()
    {
        await using var world = new LedgerWorld(database);
        var (tenant, member, key) = await SharedKeyTenantAsync(world);
        var reservation = (await database.ReserveAsync(tenant, member, 0.05m, Call)).ReservationId!.Value;
        await database.SettleAsync(tenant, reservation, 0.010m);
        var id = LedgerWorld.NewGenerationId();
        var row = await world.AddCallAsync(tenant, member, key, Call, r => r.Complete("openai/gpt-4o", "OpenAI", id, 12, 30, 0, 0, 0.010m, Call), reservation);

        world.Clock.Now = Call;
        Assert.Equal(1, (await world.Sweep().RunOnceAsync())[ReconciliationOutcome.Deferred]);
        // The last try falls on the end of the hour.
        world.Clock.Now = Call.AddMinutes(59).AddSeconds(58);
        Assert.Equal(1, (await world.Sweep().RunOnceAsync())[ReconciliationOutcome.Deferred]);
        Assert.Equal(Call.AddHours(1), (await world.RecordAsync(row.Id)).NextReconcileAt);
        world.Clock.Now = Call.AddHours(1);

        Assert.Equal(1, (await world.Sweep().RunOnceAsync())[ReconciliationOutcome.GaveUp]);

        var left = await world.RecordAsync(row.Id);
        Assert.Equal((UsageStatus.Completed, (decimal?)0.010m, (decimal?)null, (DateTimeOffset?)null, (DateTimeOffset?)null),
            (left.Status, left.CostUsd, left.GenerationCostUsd, left.ReconciledAt, left.NextReconcileAt));
        Assert.Equal(3, left.ReconcileAttempts);
        Assert.Equal(0.010m, (await database.BudgetsOfAsync(tenant)).Tenant!.SpentUsd);
        world.Clock.Now = Call.AddDays(1);
        Assert.Equal(0, (await world.Sweep().RunOnceAsync()).Total);
    }

    [Fact]
    public async Task A_cancelled_call_whose_reservation_is_still_held_is_settled_from_the_generation_record()
    {
        await using var world = new LedgerWorld(database);
        var (tenant, member, key) = await SharedKeyTenantAsync(world);
        var reservation = (await database.ReserveAsync(tenant, member, 0.05m, Call)).ReservationId!.Value;
        var id = LedgerWorld.NewGenerationId();
        var row = await world.AddCallAsync(tenant, member, key, Call, r =>
        {
            r.NoteGenerationId(id);
            r.Cancel("openai/gpt-4o", "OpenAI", 12, 3, costUsd: null, Call.AddSeconds(1));
        }, reservation);
        world.Generations.Found(LedgerWorld.Generation(id, 0.0021m, completion: 4, cancelled: true));
        world.Clock.Now = Call.AddSeconds(1);

        Assert.Equal(1, (await world.Sweep().RunOnceAsync())[ReconciliationOutcome.Reconciled]);

        var settled = await database.ReservationAsync(reservation);
        Assert.Equal((ReservationStatus.Settled, (decimal?)0.0021m), (settled.Status, settled.ActualCostUsd));
        var (tenantBudget, _) = await database.BudgetsOfAsync(tenant);
        Assert.Equal((0.0021m, 0m), (tenantBudget!.SpentUsd, tenantBudget.ReservedUsd));
        var memberBudget = await database.MemberBudgetAsync(tenant, member);
        Assert.Equal((0.0021m, 0m), (memberBudget.SpentUsd, memberBudget.ReservedUsd));
        var reconciled = await world.RecordAsync(row.Id);
        Assert.Equal((UsageStatus.Cancelled, (decimal?)0.0021m, (decimal?)null), (reconciled.Status, reconciled.GenerationCostUsd, reconciled.CostUsd));
    }

    [Fact]
    public async Task A_call_left_pending_with_a_generation_id_is_completed_from_the_record_and_its_hold_settled()
    {
        await using var world = new LedgerWorld(database);
        var (tenant, member, key) = await SharedKeyTenantAsync(world);
        var reservation = (await database.ReserveAsync(tenant, member, 0.05m, Call)).ReservationId!.Value;
        var id = LedgerWorld.NewGenerationId();
        var row = await world.AddCallAsync(tenant, member, key, Call, r => r.NoteGenerationId(id), reservation);
        world.Generations.Found(LedgerWorld.Generation(id, 0.004m, model: "anthropic/claude-sonnet-4", prompt: 40, completion: 80));

        // Not yet stale: a call may still be running.
        world.Clock.Now = Call.AddMinutes(4);
        Assert.Equal(0, (await world.Sweep().RunOnceAsync()).Total);
        world.Clock.Now = Call.AddMinutes(6);

        Assert.Equal(1, (await world.Sweep().RunOnceAsync())[ReconciliationOutcome.Resolved]);

        var resolved = await world.RecordAsync(row.Id);
        Assert.Equal((UsageStatus.Completed, "anthropic/claude-sonnet-4", "OpenAI", 40, 80),
            (resolved.Status, resolved.ServedModel, resolved.Provider, resolved.PromptTokens, resolved.CompletionTokens));
        Assert.Equal(((decimal?)0.004m, (decimal?)0.004m, (long?)1300), (resolved.CostUsd, resolved.GenerationCostUsd, resolved.LatencyMs));
        Assert.Equal((ReservationStatus.Settled, (decimal?)0.004m), ((await database.ReservationAsync(reservation)).Status, (await database.ReservationAsync(reservation)).ActualCostUsd));
        Assert.Equal((0.004m, 0m), ((await database.BudgetsOfAsync(tenant)).Tenant!.SpentUsd, (await database.BudgetsOfAsync(tenant)).Tenant!.ReservedUsd));
    }

    [Fact]
    public async Task A_call_left_pending_without_a_generation_id_fails_with_the_reason_and_its_hold_is_released()
    {
        await using var world = new LedgerWorld(database);
        var (tenant, member, key) = await SharedKeyTenantAsync(world);
        var staleHold = (await database.ReserveAsync(tenant, member, 0.05m, Call)).ReservationId!.Value;
        var freshHold = (await database.ReserveAsync(tenant, member, 0.02m, Call.AddMinutes(5))).ReservationId!.Value;
        var stale = await world.AddCallAsync(tenant, member, key, Call, _ => { }, staleHold);
        var fresh = await world.AddCallAsync(tenant, member, key, Call.AddMinutes(5), _ => { }, freshHold);
        world.Clock.Now = Call.AddMinutes(6);

        var round = await world.Sweep().RunOnceAsync();

        Assert.Equal((1, 1), (round.Total, round[ReconciliationOutcome.Failed]));
        var failed = await world.RecordAsync(stale.Id);
        Assert.Equal((UsageStatus.Failed, UsageRecord.UnresolvedErrorCode, GenerationReconciler.StoppedBeforeAnswerMessage),
            (failed.Status, failed.ErrorCode, failed.ErrorMessage));
        Assert.StartsWith("The app stopped before OpenRouter answered", failed.ErrorMessage, StringComparison.Ordinal);
        Assert.Null(failed.NextReconcileAt);
        Assert.Equal(ReservationStatus.Released, (await database.ReservationAsync(staleHold)).Status);
        Assert.Equal(UsageStatus.Pending, (await world.RecordAsync(fresh.Id)).Status);
        Assert.Equal(ReservationStatus.Held, (await database.ReservationAsync(freshHold)).Status);
        Assert.Equal((0m, 0.02m), ((await database.BudgetsOfAsync(tenant)).Tenant!.SpentUsd, (await database.BudgetsOfAsync(tenant)).Tenant!.ReservedUsd));
        Assert.Empty(world.Generations.Asked);
    }

    [Fact]
    public async Task A_call_left_pending_whose_record_never_comes_fails_after_the_window_and_its_hold_is_released()
    {
        await using var world = new LedgerWorld(database);
        var (tenant, member, key) = await SharedKeyTenantAsync(world);
        var hold = (await database.ReserveAsync(tenant, member, 0.05m, Call)).ReservationId!.Value;
        var id = LedgerWorld.NewGenerationId();
        var row = await world.AddCallAsync(tenant, member, key, Call, r => r.NoteGenerationId(id), hold);

        world.Clock.Now = Call.AddMinutes(6);
        Assert.Equal(1, (await world.Sweep().RunOnceAsync())[ReconciliationOutcome.Deferred]);
        Assert.Equal(UsageStatus.Pending, (await world.RecordAsync(row.Id)).Status);
        world.Clock.Now = Call.AddHours(1);

        Assert.Equal(1, (await world.Sweep().RunOnceAsync())[ReconciliationOutcome.Failed]);

        var failed = await world.RecordAsync(row.Id);
        Assert.Equal((UsageStatus.Failed, UsageRecord.UnresolvedErrorCode), (failed.Status, failed.ErrorCode));
        Assert.Equal($"The app stopped during the call, and OpenRouter still had no record of generation {id} after 60 minutes.", failed.ErrorMessage);
        Assert.Equal(ReservationStatus.Released, (await database.ReservationAsync(hold)).Status);
        Assert.Equal(0m, (await database.BudgetsOfAsync(tenant)).Tenant!.ReservedUsd);
    }

    [Fact]
    public async Task The_record_is_read_with_the_calls_own_key_and_with_the_management_key_once_that_key_is_gone()
    {
        await using var world = new LedgerWorld(database);
        var (tenant, member, sharedId) = await SharedKeyTenantAsync(world);
        var personal = LedgerWorld.NewKey();
        var management = LedgerWorld.NewKey();
        var personalId = await world.AddKeyAsync(tenant, CredentialKind.Personal, personal, member.UserId);
        await world.AddKeyAsync(tenant, CredentialKind.Management, management);
        var own = LedgerWorld.NewGenerationId();
        var orphan = LedgerWorld.NewGenerationId();
        await world.AddCallAsync(tenant, member, personalId, Call, r => r.Complete("openai/gpt-4o", "OpenAI", own, 1, 1, 0, 0, 0.001m, Call), kind: CredentialKind.Personal);
        await world.AddCallAsync(tenant, member, sharedId, Call, r => r.Complete("openai/gpt-4o", "OpenAI", orphan, 1, 1, 0, 0, 0.001m, Call));
        await world.RemoveKeyAsync(tenant, sharedId);
        world.Generations.Found(LedgerWorld.Generation(own, 0.001m));
        world.Generations.Found(LedgerWorld.Generation(orphan, 0.001m));
        world.Clock.Now = Call.AddSeconds(1);

        Assert.Equal(2, (await world.Sweep().RunOnceAsync())[ReconciliationOutcome.Reconciled]);

        Assert.Equal([(personal, own)], world.Generations.Asked.Where(question => question.Id == own));
        Assert.Equal([(management, orphan)], world.Generations.Asked.Where(question => question.Id == orphan));
    }

    [Fact]
    public async Task Without_any_usable_key_an_ended_row_is_given_up_and_a_pending_one_fails_with_the_reason()
    {
        await using var world = new LedgerWorld(database);
        var (tenant, member, sharedId) = await SharedKeyTenantAsync(world);
        var ended = LedgerWorld.NewGenerationId();
        var pending = LedgerWorld.NewGenerationId();
        var endedRow = await world.AddCallAsync(tenant, member, sharedId, Call, r => r.Complete("openai/gpt-4o", "OpenAI", ended, 1, 1, 0, 0, 0.001m, Call));
        var pendingRow = await world.AddCallAsync(tenant, member, sharedId, Call, r => r.NoteGenerationId(pending));
        await world.RemoveKeyAsync(tenant, sharedId);
        world.Clock.Now = Call.AddMinutes(6);

        var round = await world.Sweep().RunOnceAsync();

        Assert.Equal((1, 1), (round[ReconciliationOutcome.GaveUp], round[ReconciliationOutcome.Failed]));
        var givenUp = await world.RecordAsync(endedRow.Id);
        Assert.Equal((UsageStatus.Completed, (DateTimeOffset?)null, (decimal?)null), (givenUp.Status, givenUp.NextReconcileAt, givenUp.GenerationCostUsd));
        var failed = await world.RecordAsync(pendingRow.Id);
        Assert.Equal(UsageStatus.Failed, failed.Status);
        Assert.Equal("The app stopped during the call, and OpenRouter's record of it cannot be read: the shared key that made the call was removed; the tenant has no management key.",
            failed.ErrorMessage);
        Assert.Empty(world.Generations.Asked);
    }

    [Fact]
    public async Task Two_instances_sweeping_at_once_never_reconcile_a_row_twice()
    {
        await using var world = new LedgerWorld(database, batchSize: 4);
        var rows = new List<(Tenant Tenant, Membership Member, Guid Reservation, string Generation)>();
        for (var t = 0; t < 2; t++)
        {
            var (tenant, member, key) = await SharedKeyTenantAsync(world);
            for (var i = 0; i < 12; i++)
            {
                var reservation = (await database.ReserveAsync(tenant, member, 0.05m, Call)).ReservationId!.Value;
                await database.SettleAsync(tenant, reservation, 0.010m);
                var id = LedgerWorld.NewGenerationId();
                await world.AddCallAsync(tenant, member, key, Call, r => r.Complete("openai/gpt-4o", "OpenAI", id, 1, 1, 0, 0, 0.010m, Call), reservation);
                world.Generations.Found(LedgerWorld.Generation(id, 0.012m));
                rows.Add((tenant, member, reservation, id));
            }
        }

        // Both instances hold their first claimed row until the other has claimed one too: their claims overlap in time.
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var arrived = 0;
        world.Generations.BeforeAnswer = _ =>
        {
            var order = Interlocked.Increment(ref arrived);
            if (order == 1)
            {
                return first.Task.WaitAsync(TimeSpan.FromSeconds(30));
            }

            if (order == 2)
            {
                first.TrySetResult();
            }

            return Task.CompletedTask;
        };
        world.Clock.Now = Call.AddSeconds(1);
        await using var otherInstance = world.Instance();

        var rounds = await Task.WhenAll(
            Task.Run(() => world.Sweep().RunOnceAsync()),
            Task.Run(() => world.Sweep(otherInstance).RunOnceAsync()));

        Assert.Equal(rows.Count, rounds.Sum(round => round[ReconciliationOutcome.Reconciled]));
        Assert.All(rounds, round => Assert.True(round.Total > 0, "One instance reconciled nothing, so the sweeps did not overlap."));
        Assert.All(rows, row => Assert.Equal(1, world.Generations.TimesAsked(row.Generation)));
        foreach (var tenant in rows.Select(row => row.Tenant).Distinct())
        {
            var (tenantBudget, _) = await database.BudgetsOfAsync(tenant);
            Assert.Equal(12 * 0.012m, tenantBudget!.SpentUsd);
        }

        Assert.All(rows, row => Assert.Equal(0.012m, database.ReservationAsync(row.Reservation).GetAwaiter().GetResult().ActualCostUsd));
    }

    /// <summary>A tenant with a member and a shared key (unlimited budgets).</summary>
    private async Task<(Tenant Tenant, Membership Member, Guid SharedKey)> SharedKeyTenantAsync(LedgerWorld world)
    {
        var tenant = await database.AddTenantAsync();
        var member = await database.AddMemberAsync(tenant, TenantRole.Member);
        return (tenant, member, await world.AddKeyAsync(tenant, CredentialKind.Shared, LedgerWorld.NewKey()));
    }
}
