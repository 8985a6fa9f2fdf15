using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using System.Text.Json;
using OpenRouterSaaS.FunctionalTests.Gateway;
using OpenRouterSaaS.FunctionalTests.Infrastructure;
using Xunit.Abstractions;

namespace OpenRouterSaaS.FunctionalTests.Security;

/// <summary>
/// Every page handler and endpoint of the app, read from its own endpoint data (so a new page is covered without
/// editing this test), asked by the owner of tenant B for tenant A's slug or A's ids: it answers 404 or 403, shows none
/// of A's data and changes none of A's rows. The API, with B's token, sees only B's models and reaches none of A's.
/// </summary>
public sealed class TenantIsolationMatrixTests(CatalogueAppFixture fixture, ITestOutputHelper output) : IClassFixture<CatalogueAppFixture>
{
    /// <summary>Routes outside any tenant, each with the reason it is not part of this matrix.</summary>
    private static readonly (string Prefix, string Reason)[] Excluded =
    [
        ("/Identity/", "the signed-in person's own account: sign-in, registration, password, two-factor; no tenant in it"),
        ("/Index", "the home page: sends a person to their tenants, or to sign in"),
        ("/Error", "the error page"),
        ("/Status", "the status-code page"),
        ("/tenants", "the person's own list of tenants and the form that makes a new one (TenantAccessTests, CreateTenantTests)"),
        ("/invitations/accept", "reached with an invitation's secret token, not a slug or an id (InvitationProblemTests)"),
        ("/healthz", "health endpoint: no tenant data"),
        ("/readyz", "health endpoint: no tenant data"),
    ];

    [Fact]
    public async Task A_member_of_another_tenant_gets_404_or_403_from_every_tenant_page_and_endpoint_for_its_slug_and_ids()
    {
        var world = await IsolationWorld.CreateAsync(fixture);
        var endpoints = await AppEndpoint.AllAsync(fixture.App);
        var before = await world.SnapshotOfAAsync();
        var problems = new List<string>();
        var tried = 0;

        foreach (var endpoint in endpoints.Where(endpoint => !endpoint.IsApi))
        {
            if (!endpoint.IsTenantScoped)
            {
                Assert.True(
                    Excluded.Any(excluded => (endpoint.Page ?? endpoint.RouteText).StartsWith(excluded.Prefix, StringComparison.OrdinalIgnoreCase)
                        || endpoint.RouteText.StartsWith(excluded.Prefix, StringComparison.OrdinalIgnoreCase)),
                    $"{endpoint.Name} ({endpoint.Page}) is neither under /t/{{slug}} nor an API endpoint nor excluded: decide whether it shows tenant data, and cover or exclude it here.");
                continue;
            }

            // A's slug, and A's ids wherever the handler takes ids.
            var fields = world.FieldsFor(endpoint);
            using (var response = await world.SendAsync(world.OwnerB, endpoint, endpoint.Url(new Dictionary<string, string> { ["slug"] = world.SlugA }), fields))
            {
                tried++;
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode is not (HttpStatusCode.NotFound or HttpStatusCode.Forbidden))
                {
                    problems.Add($"{endpoint.Name} with A's slug answered {(int)response.StatusCode}, not 404 or 403.");
                }

                problems.AddRange(world.LeaksIn(body).Select(leak => $"{endpoint.Name} with A's slug showed A's {leak}."));
            }

            // B's own slug with A's ids: the handler must not find them.
            if (endpoint.Parameters.Any(parameter => parameter.ParameterType == typeof(Guid)))
            {
                var url = endpoint.Url(new Dictionary<string, string> { ["slug"] = world.SlugB });
                using var response = await world.SendAsync(world.OwnerB, endpoint, url, fields);
                tried++;
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.RedirectMethod)
                {
                    // The page's post-redirect-get: the page it shows next must say nothing of A either.
                    using var next = await world.OwnerB.GetResponseAsync(response.Headers.Location!.ToString());
                    body = await next.Content.ReadAsStringAsync();
                }
                else if (response.StatusCode is not (HttpStatusCode.NotFound or HttpStatusCode.Forbidden))
                {
                    problems.Add($"{endpoint.Name} with B's slug and A's ids answered {(int)response.StatusCode}, not 404, 403 or the page again.");
                }

                problems.AddRange(world.LeaksIn(body).Select(leak => $"{endpoint.Name} with B's slug and A's ids showed A's {leak}."));
            }
        }

        output.WriteLine($"{tried} requests to {endpoints.Count(endpoint => endpoint.IsTenantScoped)} tenant handlers and endpoints.");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.True(tried >= 30, $"Only {tried} requests: the endpoint data was not read as expected.");
        Assert.Equal(before, await world.SnapshotOfAAsync());
    }

    [Fact]
    public async Task Every_api_endpoint_with_Bs_token_reaches_none_of_As_things_and_As_token_sees_only_As_models()
    {
        var world = await IsolationWorld.CreateAsync(fixture);
        var endpoints = (await AppEndpoint.AllAsync(fixture.App)).Where(endpoint => endpoint.IsApi).ToList();
        Assert.NotEmpty(endpoints);
        var before = await world.SnapshotOfAAsync();

        foreach (var endpoint in endpoints)
        {
            var url = endpoint.Url(new Dictionary<string, string>());
            // A body that names A's only model: B's token may not use it.
            using var withB = await ApiAsync(endpoint.Method, url, world.TokenB, GatewayKit.Chat(IsolationWorld.ModelOfA, "Hello from B."));
            var body = await withB.Content.ReadAsStringAsync();
            Assert.True((int)withB.StatusCode < 500, $"{endpoint.Name} with B's token answered {(int)withB.StatusCode}: {body}");
            // (A refusal may name the model B asked for: that is B's own request, not A's data.)
            Assert.Empty(world.LeaksIn(body));

            // B signed in, without a token: the API does not take a browser's cookie.
            using var withCookie = await world.OwnerB.SendRawAsync(new HttpRequestMessage(new HttpMethod(endpoint.Method), url)
            {
                Content = new StringContent(GatewayKit.Chat(IsolationWorld.ModelOfA, "Hello."), Encoding.UTF8, "application/json"),
            });
            Assert.Equal(HttpStatusCode.Unauthorized, withCookie.StatusCode);
        }

        using (var refused = await ApiAsync("POST", "/api/v1/chat/completions", world.TokenB, GatewayKit.Chat(IsolationWorld.ModelOfA, "Hello.")))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        Assert.Equal([IsolationWorld.ModelOfB], await ModelIdsAsync(world.TokenB));
        Assert.Equal(before, await world.SnapshotOfAAsync());
        // (A's own token marks itself used, so this comes after the snapshot.)
        Assert.Equal([IsolationWorld.ModelOfA], await ModelIdsAsync(world.TokenA));
    }

    private async Task<HttpResponseMessage> ApiAsync(string method, string url, string token, string json)
    {
        using var client = fixture.App.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method != "GET")
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    private async Task<List<string>> ModelIdsAsync(string token)
    {
        using var response = await ApiAsync("GET", "/api/v1/models", token, "");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. json.RootElement.GetProperty("data").EnumerateArray().Select(model => model.GetProperty("id").GetString()!)];
    }
}

/// <summary>
/// Tenant A with an owner, an admin, a member, a pending invitation, a shared key and a token; tenant B with its owner
/// and a token; and what of A must never show to B.
/// </summary>
internal sealed class IsolationWorld
{
    public const string ModelOfA = "openai/gpt-4o-mini";
    public const string ModelOfB = "google/gemini-2.5-flash";

    private readonly AppFixture _fixture;
    private readonly Dictionary<string, string> _secretsOfA = [];
    private readonly Dictionary<string, Guid> _idsOfA = [];
    private Guid _tenantIdA;

    private IsolationWorld(AppFixture fixture) => _fixture = fixture;

    public string SlugA { get; private set; } = "";

    public string SlugB { get; private set; } = "";

    public TestUser OwnerB { get; private set; } = null!;

    public string TokenA { get; private set; } = "";

    public string TokenB { get; private set; } = "";

    public static async Task<IsolationWorld> CreateAsync(AppFixture fixture)
    {
        var world = new IsolationWorld(fixture);
        var a = await fixture.TenantWithPeopleAsync();
        world.SlugA = a.Slug;
        await fixture.AllowAsync(a.Slug, ModelOfA);
        await a.Owner.SetSharedKeyAsync(a.Slug, fixture.NewKey());
        var (_, tokenA) = await a.Owner.CreateApiTokenAsync(a.Slug, "token-of-a-" + a.Slug);
        world.TokenA = tokenA;
        var invited = Unique.Email("invited-to-a");
        await a.Owner.InviteAsync(a.Slug, invited);

        var (ownerB, slugB) = await fixture.TenantWithOwnerAsync("owner-b");
        await fixture.AllowAsync(slugB, ModelOfB);
        await ownerB.SetSharedKeyAsync(slugB, fixture.NewKey());
        world.OwnerB = ownerB;
        world.SlugB = slugB;
        world.TokenB = (await ownerB.CreateApiTokenAsync(slugB, "token-of-b")).Token;

        var tenant = (await fixture.Stored.TenantAsync(a.Slug))!;
        world._tenantIdA = tenant.Id;
        world._secretsOfA["name"] = tenant.Name;
        world._secretsOfA["token name"] = "token-of-a-" + a.Slug;
        world._secretsOfA["token"] = tokenA[..12];
        foreach (var person in new[] { a.Owner, a.Admin, a.Member })
        {
            world._secretsOfA["member email " + person.Email] = person.Email;
        }

        world._secretsOfA["invited email"] = invited;
        world._idsOfA["membershipId"] = (await fixture.Stored.MembershipAsync(a.Slug, a.Member.Email))!.Id;
        world._idsOfA["invitationId"] = (await fixture.Stored.InvitationsForAsync(invited)).Single().Id;
        world._idsOfA["tokenId"] = (await fixture.Stored.ApiTokensOfAsync(a.Slug, a.Owner.Email)).Single().Id;
        return world;
    }

    /// <summary>Which of A's data the text shows (by what it is), if any.</summary>
    public IEnumerable<string> LeaksIn(string text) =>
        _secretsOfA.Where(secret => text.Contains(secret.Value, StringComparison.OrdinalIgnoreCase)).Select(secret => secret.Key);

    /// <summary>
    /// Values for a handler's own parameters: A's ids for its id parameters, a valid value of the type for the others.
    /// Fails, naming the handler, for a parameter this test does not know, so a new one is a conscious decision.
    /// </summary>
    public List<(string Name, string Value)> FieldsFor(AppEndpoint endpoint)
    {
        if (endpoint.Page is null)
        {
            return [];
        }

        return [.. endpoint.Parameters.Select(parameter => (parameter.Name!, ValueFor(endpoint, parameter)))];
    }

    /// <summary>The endpoint's request as B's owner sends it: a POST with B's valid antiforgery token and the fields; a JSON body for a minimal endpoint.</summary>
    public async Task<HttpResponseMessage> SendAsync(TestUser user, AppEndpoint endpoint, string url, List<(string Name, string Value)> fields)
    {
        var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), url);
        if (endpoint.Page is null)
        {
            if (endpoint.Method != "GET")
            {
                request.Content = new StringContent(GatewayKit.Chat(ModelOfA, "Hello."), Encoding.UTF8, "application/json");
                request.Headers.Add("RequestVerificationToken", await user.AntiforgeryTokenAsync());
            }
        }
        else if (endpoint.Method == "GET")
        {
            request.RequestUri = new Uri(QueryWith(url, fields), UriKind.Relative);
        }
        else
        {
            var values = fields.Select(field => new KeyValuePair<string, string>(field.Name, field.Value)).ToList();
            values.Add(new(TestUser.AntiforgeryField, await user.AntiforgeryTokenAsync()));
            request.Content = new FormUrlEncodedContent(values);
        }

        var response = await user.SendRawAsync(request);
        return response;
    }

    /// <summary>A's rows in every tenant table, as PostgreSQL prints them.</summary>
    public async Task<string> SnapshotOfAAsync()
    {
        var rows = new List<string>();
        foreach (var table in new[] { "tenants", "memberships", "invitations", "api_tokens", "openrouter_credentials", "model_allow_lists", "budgets", "budget_reservations", "usage_records", "audit_entries" })
        {
            rows.AddRange((await _fixture.Stored.RowsAsTextAsync(table)).Where(row => row.Contains(_tenantIdA.ToString(), StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        }

        return string.Join("\n", rows);
    }

    private static string QueryWith(string url, List<(string Name, string Value)> fields) =>
        fields.Count == 0 ? url
            : url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + string.Join("&", fields.Select(field => $"{Uri.EscapeDataString(field.Name)}={Uri.EscapeDataString(field.Value)}"));

    private string ValueFor(AppEndpoint endpoint, ParameterInfo parameter)
    {
        var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
        if (type == typeof(Guid))
        {
            return _idsOfA.TryGetValue(parameter.Name!, out var id)
                ? id.ToString()
                : throw new InvalidOperationException($"{endpoint.Name} takes an id '{parameter.Name}' the isolation test does not know: add tenant A's id of that kind to IsolationWorld.");
        }

        return type switch
        {
            _ when type.IsEnum => Enum.GetNames(type)[0],
            _ when type == typeof(bool) => "true",
            _ when type == typeof(string) => "1",
            _ when type == typeof(int) || type == typeof(long) || type == typeof(decimal) => "1",
            _ when type == typeof(DateOnly) => "2026-01-01",
            _ => throw new InvalidOperationException($"{endpoint.Name} takes a parameter '{parameter.Name}' of type {type.Name} the isolation test does not know: say what to send for it."),
        };
    }
}
