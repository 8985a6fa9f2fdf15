using System.Text.Json;

namespace OpenRouterSimulator.Tests;

public sealed class KeyTests : IAsyncLifetime
{
    private SimulatorHost _sim = null!;

    public async Task InitializeAsync() => _sim = await SimulatorHost.StartAsync();

    public async Task DisposeAsync() => await _sim.DisposeAsync();

    [Fact]
    public async Task Key_describes_the_calling_key_and_its_usage()
    {
        var key = _sim.NewKey(limit: 5m, limitReset: "monthly");
        using (var chat = await _sim.ChatAsync(key.Key, Api.Chat("Spend a little")))
        {
            Assert.Equal(200, (int)chat.StatusCode);
        }

        using var response = await _sim.GetAsync("/api/v1/key", key.Key);
        var data = (await response.JsonAsync()).GetProperty("data");

        Assert.Equal(200, (int)response.StatusCode);
        var label = data.GetProperty("label").GetString()!;
        Assert.StartsWith("sk-or-v1-", label, StringComparison.Ordinal);
        Assert.Contains("...", label, StringComparison.Ordinal);
        Assert.DoesNotContain(key.Key[12..], label, StringComparison.Ordinal);
        Assert.Equal(5m, data.GetProperty("limit").GetDecimal());
        Assert.Equal("monthly", data.GetProperty("limit_reset").GetString());
        var usage = data.GetProperty("usage").GetDecimal();
        Assert.True(usage > 0m);
        Assert.Equal(usage, data.GetProperty("usage_daily").GetDecimal());
        Assert.Equal(usage, data.GetProperty("usage_weekly").GetDecimal());
        Assert.Equal(usage, data.GetProperty("usage_monthly").GetDecimal());
        Assert.Equal(5m - usage, data.GetProperty("limit_remaining").GetDecimal());
        Assert.False(data.GetProperty("is_free_tier").GetBoolean());
        Assert.False(data.GetProperty("is_provisioning_key").GetBoolean());
        Assert.False(data.GetProperty("is_management_key").GetBoolean());
    }

    [Fact]
    public async Task Key_works_for_a_management_key_too()
    {
        using var response = await _sim.GetAsync("/api/v1/key", _sim.Demo.ManagementKey);
        var data = (await response.JsonAsync()).GetProperty("data");

        Assert.True(data.GetProperty("is_provisioning_key").GetBoolean());
        Assert.True(data.GetProperty("is_management_key").GetBoolean());
        Assert.Equal(JsonValueKind.Null, data.GetProperty("limit").ValueKind);
        Assert.Equal(JsonValueKind.Null, data.GetProperty("limit_remaining").ValueKind);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-key")]
    [InlineData("sk-or-v1-0000000000000000000000000000000000000000000000000000000000000000")]
    public async Task A_missing_or_unknown_key_is_401(string? key)
    {
        using var chat = await _sim.ChatAsync(key!, Api.Chat("Hi"));
        await chat.ErrorAsync(401);
        using var info = await _sim.GetAsync("/api/v1/key", key);
        await info.ErrorAsync(401);
    }

    [Fact]
    public async Task The_demo_keys_are_derived_from_the_seed()
    {
        static string Derive(string text) =>
            "sk-or-v1-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));

        Assert.Equal(Derive("openrouter-saas-demo/user"), _sim.Demo.UserKey);
        Assert.Equal(Derive("openrouter-saas-demo/management"), _sim.Demo.ManagementKey);
        using var response = await _sim.GetAsync("/_sim/demo-keys", null);
        var body = await response.JsonAsync();
        Assert.Equal(_sim.Demo.UserKey, body.GetProperty("user_key").GetString());
        Assert.Equal(_sim.Demo.ManagementKey, body.GetProperty("management_key").GetString());
    }

    [Fact]
    public async Task Keys_can_be_seeded_from_configuration()
    {
        const string secret = "sk-or-v1-1111111111111111111111111111111111111111111111111111111111111111";
        await using var sim = await SimulatorHost.StartAsync(
            configure: null,
            "--Simulator:Seed=another-seed",
            $"--Simulator:Keys:0:Key={secret}",
            "--Simulator:Keys:0:Label=ci",
            "--Simulator:Keys:0:Limit=0.5",
            "--Simulator:Keys:0:LimitReset=daily",
            "--Simulator:Keys:0:Account=ci-account",
            "--Simulator:Accounts:ci-account=7");

        using var info = await sim.GetAsync("/api/v1/key", secret);
        var data = (await info.JsonAsync()).GetProperty("data");
        Assert.Equal(0.5m, data.GetProperty("limit").GetDecimal());
        Assert.Equal("daily", data.GetProperty("limit_reset").GetString());
        Assert.NotEqual(_sim.Demo.UserKey, sim.Demo.UserKey);
        var manager = sim.NewKey(management: true, account: "ci-account");
        using var credits = await sim.GetAsync("/api/v1/credits", manager.Key);
        Assert.Equal(7m, (await credits.JsonAsync()).GetProperty("data").GetProperty("total_credits").GetDecimal());
    }
}
