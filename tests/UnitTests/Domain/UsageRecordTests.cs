using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.Domain.Usage;

namespace OpenRouterSaaS.UnitTests.Domain;

public sealed class UsageRecordTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_completed_call_with_a_generation_id_is_due_for_reconciliation_at_once_and_reconciling_records_the_billed_cost()
    {
        var record = Pending();
        record.Complete("openai/gpt-4o", "OpenAI", "gen-1", 10, 20, 0, 0, 0.0010m, Start.AddSeconds(3));

        Assert.Equal(Start.AddSeconds(3), record.NextReconcileAt);

        record.Reconcile(0.0012m, Start.AddSeconds(5));

        Assert.Equal((0.0012m, (DateTimeOffset?)Start.AddSeconds(5), 1, (DateTimeOffset?)null),
            (record.GenerationCostUsd, record.ReconciledAt, record.ReconcileAttempts, record.NextReconcileAt));
        Assert.Equal(0.0002m, record.CostDrift);
        Assert.Equal((UsageStatus.Completed, (decimal?)0.0010m), (record.Status, record.CostUsd));
    }

    [Fact]
    public void A_row_left_pending_is_resolved_from_the_generation_record_with_its_cost_as_both_costs()
    {
        var record = Pending();
        record.NoteGenerationId("gen-2");

        record.ResolveFromGeneration("anthropic/claude-sonnet-4", "Anthropic", 12, 30, 2, 5, 0.004m, cancelled: false, latencyMs: 1500, Start.AddMinutes(6));

        Assert.Equal(UsageStatus.Completed, record.Status);
        Assert.Equal(("anthropic/claude-sonnet-4", "Anthropic", 12, 30, 2, 5), (record.ServedModel, record.Provider, record.PromptTokens, record.CompletionTokens, record.CachedTokens, record.ReasoningTokens));
        Assert.Equal(((decimal?)0.004m, (decimal?)0.004m, (decimal?)0m), (record.CostUsd, record.GenerationCostUsd, record.CostDrift));
        Assert.Equal(((long?)1500, (DateTimeOffset?)Start.AddMinutes(6), (DateTimeOffset?)null), (record.LatencyMs, record.CompletedAt, record.NextReconcileAt));
        Assert.Null(record.ErrorCode);
        Assert.Equal("gen-2", record.GenerationId);
    }

    [Fact]
    public void A_generation_record_that_says_cancelled_resolves_the_row_as_cancelled()
    {
        var record = Pending();
        record.NoteGenerationId("gen-3");

        record.ResolveFromGeneration("openai/gpt-4o", null, 12, 3, 0, 0, 0.0001m, cancelled: true, latencyMs: null, Start.AddMinutes(6));

        Assert.Equal((UsageStatus.Cancelled, "cancelled"), (record.Status, record.ErrorCode));
        Assert.Equal((long)TimeSpan.FromMinutes(6).TotalMilliseconds, record.LatencyMs);
    }

    [Fact]
    public void A_row_that_cannot_be_resolved_fails_with_the_reason_and_is_not_tried_again()
    {
        var withId = Pending();
        withId.NoteGenerationId("gen-4");
        var withoutId = Pending();

        withId.FailUnresolved("OpenRouter has no record of it.", Start.AddHours(1));
        withoutId.FailUnresolved("The app stopped before OpenRouter answered.", Start.AddMinutes(5));

        Assert.Equal((UsageStatus.Failed, UsageRecord.UnresolvedErrorCode, "OpenRouter has no record of it."), (withId.Status, withId.ErrorCode, withId.ErrorMessage));
        Assert.Null(withId.NextReconcileAt);
        Assert.Null(withId.GenerationCostUsd);
        Assert.Equal((UsageStatus.Failed, (DateTimeOffset?)null), (withoutId.Status, withoutId.NextReconcileAt));
    }

    [Fact]
    public void An_ended_row_is_never_resolved_or_failed_again()
    {
        var record = Pending();
        record.Complete("openai/gpt-4o", "OpenAI", "gen-5", 1, 1, 0, 0, 0.1m, Start.AddSeconds(1));

        Assert.Throws<InvalidOperationException>(() => record.ResolveFromGeneration("x", null, 1, 1, 0, 0, 1m, false, null, Start.AddMinutes(6)));
        Assert.Throws<InvalidOperationException>(() => record.FailUnresolved("no", Start.AddMinutes(6)));
        Assert.Equal((UsageStatus.Completed, (decimal?)0.1m), (record.Status, record.CostUsd));
    }

    [Fact]
    public void Deferring_counts_the_attempt_and_giving_up_leaves_the_row_unreconciled()
    {
        var record = Pending();
        record.Complete("openai/gpt-4o", "OpenAI", "gen-6", 1, 1, 0, 0, 0.1m, Start.AddSeconds(1));

        record.DeferReconciliation(Start.AddSeconds(3));
        record.DeferReconciliation(null);

        Assert.Equal((2, (DateTimeOffset?)null, (decimal?)null, (DateTimeOffset?)null),
            (record.ReconcileAttempts, record.NextReconcileAt, record.GenerationCostUsd, record.ReconciledAt));
        Assert.Null(record.CostDrift);
    }

    private static UsageRecord Pending() =>
        UsageRecord.Start(Guid.NewGuid(), Guid.NewGuid(), CredentialKind.Shared, Guid.NewGuid(), null, "openai/gpt-4o", streamed: true, Guid.NewGuid(), Start);
}
