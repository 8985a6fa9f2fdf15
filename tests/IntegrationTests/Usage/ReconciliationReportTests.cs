using Microsoft.Extensions.DependencyInjection;
using OpenRouterSaaS.Application.Usage.GetReconciliation;
using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.Domain.Tenants;
using OpenRouterSaaS.Domain.Usage;
using OpenRouterSaaS.IntegrationTests.Budgets;
using OpenRouterSaaS.Infrastructure.Usage;
using OpenRouterSaaS.IntegrationTests.Infrastructure;

namespace OpenRouterSaaS.IntegrationTests.Usage;

/// <summary>The reconciliation report read from real PostgreSQL: the ledger per UTC day and model beside the imported activity.</summary>
public sealed class ReconciliationReportTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private static readonly DateTimeOffset Call = BudgetData.March;
    private static readonly DateOnly Day = DateOnly.FromDateTime(Call.UtcDateTime);

    [Fact]
    public async Task Each_day_and_model_shows_the_ledgers_costs_beside_OpenRouters_and_the_drift_beyond_the_tolerance()
    {
        await using var world = new LedgerWorld(database);
        var tenant = await database.AddTenantAsync();
        var member = await database.AddMemberAsync(tenant, TenantRole.Member);
        var shared = await world.AddKeyAsync(tenant, CredentialKind.Shared, LedgerWorld.NewKey());
        var personal = await world.AddKeyAsync(tenant, CredentialKind.Personal, LedgerWorld.NewKey(), member.UserId);
        var management = LedgerWorld.NewKey();
        await world.AddKeyAsync(tenant, CredentialKind.Management, management);

        // Yesterday: two gpt-4o calls, one reconciled at a higher billed cost; one mistral call not reconciled; a personal-key call.
        var reconciled = LedgerWorld.NewGenerationId();
        await world.AddCallAsync(tenant, member, shared, Call.AddDays(-1), r => r.Complete("openai/gpt-4o", "OpenAI", reconciled, 1, 1, 0, 0, 0.010m, Call.AddDays(-1)));
        await world.AddCallAsync(tenant, member, shared, Call.AddDays(-1).AddHours(1), r => r.Complete("openai/gpt-4o", "OpenAI", LedgerWorld.NewGenerationId(), 1, 1, 0, 0, 0.020m, Call.AddDays(-1).AddHours(1)));
        await world.AddCallAsync(tenant, member, shared, Call.AddDays(-1), r => r.Complete("mistralai/mistral-large", "Mistral", LedgerWorld.NewGenerationId(), 1, 1, 0, 0, 0.005m, Call.AddDays(-1)));
        await world.AddCallAsync(tenant, member, personal, Call.AddDays(-1), r => r.Complete("openai/gpt-4o", "OpenAI", LedgerWorld.NewGenerationId(), 1, 1, 0, 0, 9m, Call.AddDays(-1)), kind: CredentialKind.Personal);
        // Today: a call still running and one not yet imported from OpenRouter.
        await world.AddCallAsync(tenant, member, shared, Call, _ => { });
        await world.AddCallAsync(tenant, member, shared, Call, r => r.Complete("openai/gpt-4o", "OpenAI", LedgerWorld.NewGenerationId(), 1, 1, 0, 0, 0.001m, Call));
        world.Generations.Found(LedgerWorld.Generation(reconciled, 0.012m));
        world.Clock.Now = Call.AddDays(-1).AddSeconds(1);
        await world.Sweep().RunOnceAsync();
        // OpenRouter billed what the ledger now says for gpt-4o (0.012 + 0.020) and more than the ledger for mistral; and a model called outside the app.
        world.Activity.Set(management,
            FakeActivity.Row(Day.AddDays(-1), "openai/gpt-4o", 0.032m, requests: 2),
            FakeActivity.Row(Day.AddDays(-1), "mistralai/mistral-large", 0.007m),
            FakeActivity.Row(Day.AddDays(-2), "x-ai/grok-3-mini", 0.5m));
        world.Clock.Now = Call;
        await using (var scope = world.Enter(tenant))
        {
            await scope.ServiceProvider.GetRequiredService<Application.Usage.ImportActivity.TenantActivityImporter>().ImportAsync();
        }

        var report = await ReportAsync(tenant, Day.AddDays(-2), Day);

        Assert.True(report.HasManagementKey);
        Assert.Equal((Day.AddDays(-30), Day.AddDays(-1), (DateTimeOffset?)Call), (report.ImportedFrom, report.ImportedTo, report.LastImportedAt));
        Assert.Equal(
            [
                (Day, "openai/gpt-4o", 1, 0, 0.001m, (decimal?)null, 0.001m, (decimal?)null, false),
                (Day.AddDays(-1), "mistralai/mistral-large", 1, 0, 0.005m, null, 0.005m, 0.007m, true),
                (Day.AddDays(-1), "openai/gpt-4o", 2, 1, 0.030m, 0.012m, 0.032m, 0.032m, false),
                (Day.AddDays(-2), "x-ai/grok-3-mini", 0, 0, 0m, null, 0m, 0.5m, true),
            ],
            report.Lines.Select(line => (line.Date, line.Model, line.Calls, line.ReconciledCalls, line.ResponseCostUsd, line.GenerationCostUsd,
                line.LedgerCostUsd, line.OpenRouterUsd, line.HasDrift)));
        var gpt = report.Lines.Single(line => line.Date == Day.AddDays(-1) && line.Model == "openai/gpt-4o");
        Assert.Equal(((decimal?)0.002m, (decimal?)0m), (gpt.CorrectionUsd, gpt.DriftUsd));
        Assert.Equal(0.002m, report.Lines.Single(line => line.Model == "mistralai/mistral-large").DriftUsd);
        // Calls of any key count here: yesterday's three unreconciled ones (the personal one too) and today's completed one wait.
        Assert.Equal((4, 0), (report.AwaitingReconciliation, report.NeverReconciled));
    }

    [Fact]
    public async Task A_tenant_without_a_management_key_or_calls_gets_an_empty_report()
    {
        var tenant = await database.AddTenantAsync();

        var report = await ReportAsync(tenant, Day.AddDays(-29), Day);

        Assert.Equal((false, (DateTimeOffset?)null, 0, 0, 0), (report.HasManagementKey, report.LastImportedAt, report.Lines.Count, report.AwaitingReconciliation, report.NeverReconciled));
    }

    [Theory]
    [InlineData(0.00001, 0, false)]
    [InlineData(0.000011, 0, true)]
    [InlineData(0.009, 10, false)]
    [InlineData(0.011, 10, true)]
    public void Drift_counts_beyond_a_hundred_thousandth_of_a_dollar_or_a_thousandth_of_the_amount(double difference, double scale, bool beyond)
    {
        Assert.Equal(beyond, ReconciliationLine.IsBeyondTolerance((decimal)difference, (decimal)scale));
        Assert.Equal(beyond, ReconciliationLine.IsBeyondTolerance(-(decimal)difference, (decimal)scale));
    }

    private async Task<ReconciliationReport> ReportAsync(Tenant tenant, DateOnly from, DateOnly to)
    {
        await using var scope = database.OpenScope(tenant, TenantRole.Admin);
        var result = await new GetReconciliationHandler(scope.Db, new UsageRollupReader(scope.Db, scope.Tenant)).Handle(new GetReconciliationQuery(from, to), CancellationToken.None);
        return result.Value;
    }
}
