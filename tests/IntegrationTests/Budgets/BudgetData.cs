using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpenRouterSaaS.Application.Budgets;
using OpenRouterSaaS.Application.Common;
using OpenRouterSaaS.Domain.Budgets;
using OpenRouterSaaS.Domain.Tenants;
using OpenRouterSaaS.Infrastructure.Budgets;
using OpenRouterSaaS.Infrastructure.Persistence;
using OpenRouterSaaS.Infrastructure.Tenancy;
using OpenRouterSaaS.IntegrationTests.Infrastructure;

namespace OpenRouterSaaS.IntegrationTests.Budgets;

/// <summary>Budget limits, the ledger in its own scope per call (as each gateway request has), and reads of the rows from outside any tenant.</summary>
public static class BudgetData
{
    public static readonly DateTimeOffset March = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    public static async Task SetLimitsAsync(this PostgresDatabase database, Tenant tenant, decimal? tenantLimit, decimal? memberLimit)
    {
        await using var scope = database.OpenScope(tenant);
        var row = await scope.Db.Tenants.SingleAsync(candidate => candidate.Id == tenant.Id);
        row.SetBudgetLimits(tenantLimit, memberLimit, Tenant.DefaultBudgetAlertPercent);
        await scope.Db.SaveChangesAsync();
    }

    public static async Task OverrideMemberLimitAsync(this PostgresDatabase database, Tenant tenant, Membership member, decimal? limit)
    {
        await using var scope = database.OpenScope(tenant);
        var row = await scope.Db.Memberships.SingleAsync(candidate => candidate.Id == member.Id);
        row.OverrideMonthlyLimit(limit);
        await scope.Db.SaveChangesAsync();
    }

    public static async Task<BudgetReservationOutcome> ReserveAsync(this PostgresDatabase database, Tenant tenant, Membership member, decimal estimate, DateTimeOffset? now = null)
    {
        await using var scope = database.OpenScope(tenant);
        return await new BudgetLedger(scope.Db, scope.Tenant).ReserveAsync(member.UserId, estimate, now ?? March);
    }

    public static async Task<bool> SettleAsync(this PostgresDatabase database, Tenant tenant, Guid reservationId, decimal cost)
    {
        await using var scope = database.OpenScope(tenant);
        return await new BudgetLedger(scope.Db, scope.Tenant).SettleAsync(reservationId, cost, March);
    }

    public static async Task<bool> ReleaseAsync(this PostgresDatabase database, Tenant tenant, Guid reservationId)
    {
        await using var scope = database.OpenScope(tenant);
        return await new BudgetLedger(scope.Db, scope.Tenant).ReleaseAsync(reservationId, March);
    }

    /// <summary>The tenant's budget row and its members' rows of a month (March unless told), read from outside any tenant.</summary>
    public static async Task<(Budget? Tenant, List<Budget> Members)> BudgetsOfAsync(this PostgresDatabase database, Tenant tenant, DateOnly? month = null)
    {
        var first = month ?? BudgetMonth.Of(March);
        await using var scope = database.OpenScope();
        var rows = await scope.Db.Budgets.IgnoreQueryFilters([QueryFilters.Tenant]).AsNoTracking()
            .Where(budget => budget.TenantId == tenant.Id && budget.Month == first).ToListAsync();
        return (rows.SingleOrDefault(budget => budget.MemberUserId == null), rows.Where(budget => budget.MemberUserId != null).ToList());
    }

    public static async Task<Budget> MemberBudgetAsync(this PostgresDatabase database, Tenant tenant, Membership member) =>
        (await database.BudgetsOfAsync(tenant)).Members.Single(budget => budget.MemberUserId == member.UserId);

    public static async Task<BudgetReservation> ReservationAsync(this PostgresDatabase database, Guid id)
    {
        await using var scope = database.OpenScope();
        return await scope.Db.BudgetReservations.IgnoreQueryFilters([QueryFilters.Tenant]).AsNoTracking().SingleAsync(reservation => reservation.Id == id);
    }

    /// <summary>A sweeper as one app instance runs it, with its own services on the test database.</summary>
    public static ReservationSweep Sweeper(this PostgresDatabase database, TimeProvider clock, TimeSpan timeout)
    {
        var services = new ServiceCollection();
        services.AddScoped<TenantContext>();
        services.AddScoped<TenantStampingInterceptor>();
        services.AddDbContext<AppDbContext>((provider, options) =>
            options.UseAppDatabase(database.ConnectionString, provider.GetRequiredService<TenantStampingInterceptor>()));
        services.AddScoped<Application.Common.Interfaces.ITenantContext>(provider => provider.GetRequiredService<TenantContext>());
        var provider = services.BuildServiceProvider();
        return new ReservationSweep(provider.GetRequiredService<IServiceScopeFactory>(),
            Options.Create(new BudgetOptions { ReservationTimeout = timeout }), clock, NullLogger<ReservationSweep>.Instance);
    }
}

/// <summary>A clock a test sets by hand.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
