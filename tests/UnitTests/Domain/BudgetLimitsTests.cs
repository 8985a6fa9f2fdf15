using System.Globalization;
using OpenRouterSaaS.Domain.Budgets;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.UnitTests.Domain;

public sealed class BudgetLimitsTests
{
    [Theory]
    [InlineData("7.99", "10", 80, BudgetAlertLevel.None)]
    [InlineData("8", "10", 80, BudgetAlertLevel.Threshold)]
    [InlineData("9.99", "10", 80, BudgetAlertLevel.Threshold)]
    [InlineData("10", "10", 80, BudgetAlertLevel.Exhausted)]
    [InlineData("12", "10", 80, BudgetAlertLevel.Exhausted)]
    [InlineData("9.99", "10", 100, BudgetAlertLevel.None)]
    [InlineData("0.1", "10", 1, BudgetAlertLevel.Threshold)]
    public void Spend_reaches_the_threshold_then_the_limit(string spent, string limit, int percent, BudgetAlertLevel level) =>
        Assert.Equal(level, BudgetLimits.AlertLevel(decimal.Parse(spent, CultureInfo.InvariantCulture), decimal.Parse(limit, CultureInfo.InvariantCulture), percent));

    [Fact]
    public void No_limit_and_a_zero_limit_never_alert()
    {
        Assert.Equal(BudgetAlertLevel.None, BudgetLimits.AlertLevel(1_000m, null, 80));
        Assert.Equal(BudgetAlertLevel.None, BudgetLimits.AlertLevel(0m, 0m, 80));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("0", true)]
    [InlineData("1000000", true)]
    [InlineData("0.000001", true)]
    [InlineData("1000000.000001", false)]
    [InlineData("-0.01", false)]
    [InlineData("0.0000001", false)]
    public void A_limit_is_between_nothing_and_a_million_dollars_to_the_millionth(string? limit, bool valid) =>
        Assert.Equal(valid, BudgetLimits.IsValidLimit(limit is null ? null : decimal.Parse(limit, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void A_tenant_refuses_limits_and_thresholds_out_of_bounds()
    {
        var tenant = new Tenant("acme", "Acme", DateTimeOffset.UnixEpoch);

        Assert.Throws<ArgumentOutOfRangeException>(() => tenant.SetBudgetLimits(-1m, null, 80));
        Assert.Throws<ArgumentOutOfRangeException>(() => tenant.SetBudgetLimits(null, 2_000_000m, 80));
        Assert.Throws<ArgumentOutOfRangeException>(() => tenant.SetBudgetLimits(null, null, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => tenant.SetBudgetLimits(null, null, 101));
        Assert.Throws<ArgumentOutOfRangeException>(() => tenant.SetDefaultMaxTokens(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => tenant.SetDefaultMaxTokens(1_000_001));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Membership(Guid.NewGuid(), Guid.NewGuid(), TenantRole.Member, DateTimeOffset.UnixEpoch).OverrideMonthlyLimit(-1m));

        tenant.SetBudgetLimits(100m, 0m, 100);
        tenant.SetDefaultMaxTokens(1_000_000);
        Assert.Equal((100m, 0m, 100, 1_000_000), (tenant.MonthlyLimitUsd!.Value, tenant.MemberMonthlyLimitUsd!.Value, tenant.BudgetAlertPercent, tenant.DefaultMaxTokens!.Value));
    }
}
