using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OpenRouterSaaS.Application.ApiTokens.AuthenticateApiToken;
using OpenRouterSaaS.Application.Common.Security;
using OpenRouterSaaS.Domain.ApiTokens;
using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.Domain.Tenants;
using OpenRouterSaaS.Domain.Usage;
using OpenRouterSaaS.FunctionalTests.Infrastructure;
using OpenRouterSaaS.Tests.Shared;

namespace OpenRouterSaaS.FunctionalTests.Startup;

/// <summary>What the app checks and sets up when it starts: its master keys, and the demo member's API token and shared key.</summary>
public sealed class StartupTests
{
    // Nothing listens there: an app that got as far as the database would fail with a connection error instead.
    private const string NoDatabase = "Host=127.0.0.1;Port=1;Database=never;Username=postgres;Timeout=2";

    [Fact]
    public void Without_a_master_key_the_app_does_not_start_and_says_which_setting_is_missing()
    {
        var message = StartFailure(new Dictionary<string, string>());

        Assert.Contains("The master keys that encrypt stored secrets are not configured correctly", message, StringComparison.Ordinal);
        Assert.Contains("Secrets:ActiveKeyId is not set (environment variable Secrets__ActiveKeyId).", message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_active_key_id_without_its_key_stops_the_app()
    {
        var message = StartFailure(new Dictionary<string, string> { ["Secrets:ActiveKeyId"] = "prod-2027" });

        Assert.Contains("Secrets:MasterKeys:prod-2027 is not set, but Secrets:ActiveKeyId names it.", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not base64 at all!")]
    [InlineData("c2hvcnQ=")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void A_malformed_master_key_stops_the_app_with_a_message_that_names_the_setting_but_not_the_key(string key)
    {
        var message = StartFailure(new Dictionary<string, string> { ["Secrets:ActiveKeyId"] = "k1", ["Secrets:MasterKeys:k1"] = key });

        Assert.Contains("Secrets:MasterKeys:k1 must be the base64 of exactly 32 random bytes", message, StringComparison.Ordinal);
        Assert.False(message.Contains(key, StringComparison.Ordinal), "The message repeats the malformed key.");
    }

    [Fact]
    public async Task The_demo_member_gets_the_api_token_run_sh_made_and_only_its_hash_is_stored_once()
    {
        var (token, _) = OpaqueToken.Create(ApiTokenFormat.Prefix);
        var slug = Unique.Slug("demo");
        var settings = new Dictionary<string, string>
        {
            ["Demo:Seed"] = "true",
            ["Demo:Password"] = AppFixture.Password,
            ["Demo:TenantSlug"] = slug,
            ["Demo:OwnerEmail"] = Unique.Email("demo-owner"),
            ["Demo:MemberEmail"] = Unique.Email("demo-member"),
            ["Demo:ApiToken"] = token,
        };
        await using var database = await ThrowawayDatabase.CreateAsync();
        var secrets = TestApp.RandomMasterKey();

        // Started twice, as ./run.sh does on every run.
        for (var run = 0; run < 2; run++)
        {
            await using var app = new TestApp(database.ConnectionString, secrets, settings);
            app.StartServer();
            var stored = new StoredData(app.Services);
            var tokens = await stored.ApiTokensOfAsync(slug, settings["Demo:MemberEmail"]);

            Assert.Equal(OpaqueToken.Hash(token), Assert.Single(tokens).TokenHash);
            Assert.False((await stored.RowsAsTextAsync("api_tokens")).Any(row => row.Contains(token[4..], StringComparison.Ordinal)), "The demo token is stored in plain.");
            await using var scope = app.Services.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<IApiTokenAuthenticator>().AuthenticateAsync(token);
            Assert.Equal((slug, TenantRole.Member), (result.Token!.TenantSlug, result.Token.Role));
        }
    }

    [Fact]
    public async Task The_demo_tenant_gets_the_shared_key_run_sh_passes_and_the_demo_members_call_is_paid_by_it()
    {
        var (token, _) = OpaqueToken.Create(ApiTokenFormat.Prefix);
        // The simulator's demo user key, which ./run.sh reads from /_sim/demo-keys.
        var sharedKey = "sk-or-v1-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("openrouter-saas-demo/user")));
        var slug = Unique.Slug("demo");
        var settings = new Dictionary<string, string>
        {
            ["Demo:Seed"] = "true",
            ["Demo:Password"] = AppFixture.Password,
            ["Demo:TenantSlug"] = slug,
            ["Demo:OwnerEmail"] = Unique.Email("demo-owner"),
            ["Demo:MemberEmail"] = Unique.Email("demo-member"),
            ["Demo:ApiToken"] = token,
            ["Demo:SharedKey"] = sharedKey,
        };
        await using var database = await ThrowawayDatabase.CreateAsync();
        var secrets = TestApp.RandomMasterKey();

        // Started twice, as ./run.sh does on every run.
        for (var run = 0; run < 2; run++)
        {
            await using var app = new TestApp(database.ConnectionString, secrets, settings, catalogue: new FakeModelCatalogueSource());
            app.StartServer();
            await app.LoadCatalogueAsync();
            var stored = new StoredData(app.Services);

            var shared = Assert.Single(await stored.CredentialsAsync(slug));
            Assert.Equal((CredentialKind.Shared, KeyStatus.Verified, OpenRouterKeyFormat.Mask(sharedKey)), (shared.Kind, shared.Status, shared.Mask));
            Assert.DoesNotContain(sharedKey[9..], string.Join("\n", await stored.CredentialRowsAsTextAsync()), StringComparison.Ordinal);
            Assert.True((await stored.MembershipAsync(slug, settings["Demo:MemberEmail"]))!.MayUseSharedKey);

            using var client = app.CreateClient();
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/chat/completions")
            {
                Content = new StringContent(
                    "{\"model\":\"meta-llama/llama-3.3-70b-instruct:free\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}", Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var rows = await stored.UsageRecordsAsync(slug);
            Assert.Equal(run + 1, rows.Count);
            Assert.All(rows, row => Assert.Equal((UsageStatus.Completed, CredentialKind.Shared), (row.Status, row.CredentialKind)));
        }
    }

    [Fact]
    public async Task A_malformed_demo_shared_key_stops_the_app_without_repeating_it()
    {
        const string Malformed = "or-v1-this-is-not-an-openrouter-key";
        var settings = new Dictionary<string, string>
        {
            ["Demo:Seed"] = "true",
            ["Demo:Password"] = AppFixture.Password,
            ["Demo:TenantSlug"] = Unique.Slug("demo"),
            ["Demo:SharedKey"] = Malformed,
        };
        await using var database = await ThrowawayDatabase.CreateAsync();

        var message = StartFailure(TestApp.RandomMasterKey(), settings, database.ConnectionString);

        Assert.Contains("Demo:SharedKey is not an OpenRouter key: An OpenRouter key starts with sk-or-", message, StringComparison.Ordinal);
        Assert.False(message.Contains(Malformed, StringComparison.Ordinal), "The message repeats the key.");
    }

    [Fact]
    public async Task A_malformed_demo_token_stops_the_app_without_repeating_it()
    {
        const string Malformed = "ors_this-is-not-a-real-token";
        var settings = new Dictionary<string, string>
        {
            ["Demo:Seed"] = "true",
            ["Demo:Password"] = AppFixture.Password,
            ["Demo:TenantSlug"] = Unique.Slug("demo"),
            ["Demo:ApiToken"] = Malformed,
        };
        await using var database = await ThrowawayDatabase.CreateAsync();

        var message = StartFailure(TestApp.RandomMasterKey(), settings, database.ConnectionString);

        Assert.Contains("Demo:ApiToken must be \"ors_\" followed by 43 base64url characters", message, StringComparison.Ordinal);
        Assert.False(message.Contains(Malformed, StringComparison.Ordinal), "The message repeats the token.");
    }

    [Fact]
    public void Outside_Development_the_app_does_not_start_without_its_public_address()
    {
        var message = StartFailure(TestApp.RandomMasterKey(), environment: "Production");

        Assert.Contains("App:PublicBaseUrl (environment variable App__PublicBaseUrl) is not set.", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ai.example.com")]
    [InlineData("ftp://ai.example.com")]
    [InlineData("https://ai.example.com/?next=1")]
    public void A_public_address_that_is_not_an_absolute_http_address_stops_the_app(string address)
    {
        var message = StartFailure(TestApp.RandomMasterKey(), new Dictionary<string, string> { ["App:PublicBaseUrl"] = address });

        Assert.Contains($"App:PublicBaseUrl (environment variable App__PublicBaseUrl) is \"{address}\", which is not an absolute http or https address", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plain_HTTP_public_address_while_HTTPS_is_required_stops_the_app()
    {
        var message = StartFailure(TestApp.RandomMasterKey(), new Dictionary<string, string> { ["App:PublicBaseUrl"] = "http://ai.example.com" }, environment: "Production");

        Assert.Contains("but Security:RequireHttps is on", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rate_limits_and_form_sizes_that_make_no_sense_stop_the_app()
    {
        var message = StartFailure(TestApp.RandomMasterKey(), new Dictionary<string, string>
        {
            ["RateLimits:ApiPerToken"] = "-1",
            ["RateLimits:Window"] = "00:00:00",
            ["Security:MaxFormBytes"] = "10",
        });

        Assert.Contains("RateLimits:ApiPerToken is -1; it must be 0 (no limit) or more", message, StringComparison.Ordinal);
        Assert.Contains("RateLimits:Window is 00:00:00; it must be at least one second", message, StringComparison.Ordinal);
        Assert.Contains("Security:MaxFormBytes is 10; it must be at least 1024 bytes", message, StringComparison.Ordinal);
    }

    /// <summary>Starts the app and returns the messages of what stopped it (the exception and its inner ones).</summary>
    private static string StartFailure(
        IReadOnlyDictionary<string, string> secrets, IReadOnlyDictionary<string, string>? settings = null, string connectionString = NoDatabase, string environment = "Development")
    {
        using var app = new TestApp(connectionString, secrets, settings, environment: environment);

        var error = Assert.ThrowsAny<Exception>(() => app.StartServer());

        var messages = new List<string>();
        for (Exception? current = error; current is not null; current = current.InnerException)
        {
            messages.Add(current.Message);
        }

        return string.Join(" | ", messages);
    }
}
