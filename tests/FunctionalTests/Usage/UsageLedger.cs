using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenRouterSaaS.Application.Budgets;
using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.Domain.Usage;
using OpenRouterSaaS.FunctionalTests.Infrastructure;
using OpenRouterSaaS.Infrastructure.Persistence;
using OpenRouterSaaS.Infrastructure.Tenancy;

namespace OpenRouterSaaS.FunctionalTests.Usage;

/// <summary>One call as the gateway would have recorded it, to be written straight into the ledger.</summary>
/// <param name="Email">Whose call it is (a member of the tenant).</param>
/// <param name="Cost">The response's cost.</param>
/// <param name="Reconciled">The generation record's cost, once reconciled; null when not (yet).</param>
/// <param name="Served">The model that served it; by default the one requested (none for a failed or pending call).</param>
public sealed record LedgerRow(
    string Email,
    DateTimeOffset At,
    string Model,
    CredentialKind Kind = CredentialKind.Personal,
    UsageStatus Status = UsageStatus.Completed,
    decimal? Cost = 0.01m,
    decimal? Reconciled = null,
    int Prompt = 100,
    int Completion = 50,
    string? Served = null,
    string? Provider = "OpenAI",
    bool Streamed = false,
    bool Zdr = false,
    string? ErrorCode = null,
    string? ErrorMessage = null,
    string? GenerationId = null);

/// <summary>Writes calls into a tenant's ledger and budgets directly, as the gateway and the reconciliation worker would have.</summary>
public static class UsageLedger
{
    public static DateTimeOffset Utc(int year, int month, int day, int hour = 12, int minute = 0) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    public static async Task AddCallsAsync(this AppFixture fixture, string slug, params LedgerRow[] rows)
    {
        var tenant = (await fixture.Stored.TenantAsync(slug))!;
        var users = new Dictionary<string, Guid>(StringComparer.OrdinalIgnoreCase);
        foreach (var email in rows.Select(row => row.Email).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            users[email] = (await fixture.Stored.UserAsync(email))!.Id;
        }

        await using var scope = fixture.App.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Enter(tenant.Id, tenant.Slug, role: null);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        foreach (var row in rows)
        {
            db.UsageRecords.Add(Record(tenant.Id, users[row.Email], row));
        }

        await db.SaveChangesAsync();
    }

    /// <summary>A settled shared-key call of <paramref name="cost"/> on the member's (and the tenant's) budget of this month, as the gateway settles one.</summary>
    public static async Task SpendOnSharedKeyAsync(this AppFixture fixture, string slug, string email, decimal cost)
    {
        var tenant = (await fixture.Stored.TenantAsync(slug))!;
        var user = (await fixture.Stored.UserAsync(email))!;
        await using var scope = fixture.App.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Enter(tenant.Id, tenant.Slug, role: null);
        var budgets = scope.ServiceProvider.GetRequiredService<IBudgetLedger>();
        var now = fixture.Clock.GetUtcNow();
        var reservation = await budgets.ReserveAsync(user.Id, cost, now);
        await budgets.SettleAsync(reservation.ReservationId ?? throw new InvalidOperationException("The budget refused the test's spend."), cost, now);
    }

    /// <summary>Sets the tenant's default monthly limit for each member, and optionally one member's own limit, as the budgets page would.</summary>
    public static async Task SetMemberLimitsAsync(this AppFixture fixture, string slug, decimal? memberDefault, string? email = null, decimal? own = null)
    {
        var tenantId = (await fixture.Stored.TenantAsync(slug))!.Id;
        await using var scope = fixture.App.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Enter(tenantId, slug, role: null);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var tenant = await db.Tenants.SingleAsync(row => row.Id == tenantId);
        tenant.SetBudgetLimits(tenant.MonthlyLimitUsd, memberDefault, tenant.BudgetAlertPercent);
        if (email is not null)
        {
            var userId = (await fixture.Stored.UserAsync(email))!.Id;
            (await db.Memberships.SingleAsync(row => row.UserId == userId)).OverrideMonthlyLimit(own);
        }

        await db.SaveChangesAsync();
    }

    private static UsageRecord Record(Guid tenantId, Guid userId, LedgerRow row)
    {
        var record = UsageRecord.Start(tenantId, userId, row.Kind, Guid.NewGuid(), apiTokenId: null, row.Model, row.Streamed, reservationId: null, row.At, row.Zdr);
        var ended = row.At.AddSeconds(2);
        var generationId = row.GenerationId ?? "gen-" + Guid.NewGuid().ToString("N");
        switch (row.Status)
        {
            case UsageStatus.Completed:
                record.Complete(row.Served ?? row.Model, row.Provider, generationId, row.Prompt, row.Completion, 0, 0, row.Cost, ended);
                break;
            case UsageStatus.Failed:
                record.Fail(row.ErrorCode ?? "502", ended, row.ErrorMessage, row.GenerationId);
                break;
            case UsageStatus.Cancelled:
                record.NoteGenerationId(generationId);
                record.Cancel(row.Served ?? row.Model, row.Provider, row.Prompt, row.Completion, row.Cost, ended);
                break;
        }

        if (row.Reconciled is { } billed)
        {
            record.Reconcile(billed, ended.AddMinutes(1));
        }

        return record;
    }
}
