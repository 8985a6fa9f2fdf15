using System.Collections;
using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using OpenRouterSaaS.FunctionalTests.Infrastructure;

namespace OpenRouterSaaS.FunctionalTests.Security;

/// <summary>
/// Broken bodies sent to every page handler that takes a POST and to every API endpoint (read from the app's endpoint
/// data), by a signed-in owner with a valid antiforgery token: wrong types, huge strings, invalid UTF-8, missing fields,
/// JSON for a form and a form for JSON. None answers 500 or logs an error, and nothing stored changes.
/// </summary>
public sealed class MalformedInputTests(RecordingAppFixture fixture) : IClassFixture<RecordingAppFixture>
{
    /// <summary>Page handlers left out, each with its reason.</summary>
    private static readonly Dictionary<string, string> Excluded = new()
    {
        ["/Identity/Account/Logout"] = "signs the person out whatever it is sent, which would end this test's session; it reads no field",
    };

    private static readonly string Huge = new('x', 100 * 1024);

    [Fact]
    public async Task No_form_or_api_endpoint_answers_500_or_changes_anything_for_broken_input()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var (_, token) = await owner.CreateApiTokenAsync(slug);
        var antiforgery = await owner.AntiforgeryTokenAsync();
        var endpoints = (await AppEndpoint.AllAsync(fixture.App)).Where(endpoint => endpoint.Method == "POST" && !Excluded.ContainsKey(endpoint.Page ?? "")).ToList();
        var before = await SnapshotAsync(slug);
        var errorsBefore = ErrorLines().Count;
        var problems = new List<string>();
        var sent = 0;

        foreach (var endpoint in endpoints)
        {
            // An invitation's token in the address is one no invitation has: broken input too.
            var url = endpoint.Url(new Dictionary<string, string> { ["slug"] = slug, ["token"] = "not-an-invitation-token", ["code"] = "400" });
            var requests = endpoint.Page is null ? JsonEndpointBodies(antiforgery) : FormBodies(endpoint, antiforgery);
            foreach (var (what, content) in requests)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
                request.Headers.Add("RequestVerificationToken", antiforgery);
                if (endpoint.IsApi)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                }

                using var response = await owner.SendRawAsync(request);
                sent++;
                if ((int)response.StatusCode >= 500)
                {
                    problems.Add($"{endpoint.Name} with {what} answered {(int)response.StatusCode}.");
                }
            }
        }

        var errors = ErrorLines().Skip(errorsBefore).ToList();
        Assert.True(problems.Count == 0 && errors.Count == 0, string.Join("\n", [
            .. problems, .. errors.Select(line => $"Logged {line.Level}: {line.Category}: {line.Text[..Math.Min(line.Text.Length, 1500)]}")]));
        Assert.True(sent >= 100, $"Only {sent} requests: the endpoint data was not read as expected.");
        Assert.Equal(before, await SnapshotAsync(slug));
        // The owner is still signed in and the tenant still works.
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/t/{slug}")).Status);
    }

    /// <summary>Broken forms for a page handler: each field of its parameters and bound properties given a wrong value, and worse.</summary>
    private static List<(string What, HttpContent Content)> FormBodies(AppEndpoint endpoint, string antiforgery)
    {
        var fields = FieldsOf(endpoint);
        var withToken = (IEnumerable<KeyValuePair<string, string>> values) =>
            new FormUrlEncodedContent([.. values, new(TestUser.AntiforgeryField, antiforgery)]);
        var bodies = new List<(string, HttpContent)>
        {
            ("wrong types", withToken(fields.Select(field => new KeyValuePair<string, string>(field.Name, WrongValueFor(field.Type))))),
            ("100 KB strings", withToken(fields.Select(field => new KeyValuePair<string, string>(field.Name, Huge)))),
            ("missing fields", withToken([])),
            ("JSON instead of a form", new StringContent("{\"Input\":{\"Name\":5},\"id\":[true]}", Encoding.UTF8, "application/json")),
        };

        // Invalid UTF-8 both raw and percent-encoded, in every field.
        var raw = new List<byte>();
        foreach (var field in fields)
        {
            raw.AddRange(Encoding.ASCII.GetBytes(Uri.EscapeDataString(field.Name) + "="));
            raw.AddRange([0xC3, 0x28, 0xFF, 0xFE]);
            raw.AddRange(Encoding.ASCII.GetBytes("%C3%28%FF%FE&"));
        }

        raw.AddRange(Encoding.ASCII.GetBytes($"{TestUser.AntiforgeryField}={Uri.EscapeDataString(antiforgery)}"));
        var invalid = new ByteArrayContent([.. raw]);
        invalid.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        bodies.Add(("invalid UTF-8", invalid));
        return bodies;
    }

    /// <summary>Broken bodies for an endpoint that reads JSON.</summary>
    private static List<(string What, HttpContent Content)> JsonEndpointBodies(string antiforgery)
    {
        var invalid = new ByteArrayContent([.. Encoding.ASCII.GetBytes("{\"model\":\""), 0xC3, 0x28, 0xFF, .. Encoding.ASCII.GetBytes("\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")]);
        invalid.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return
        [
            ("wrong types", Json("{\"model\":5,\"messages\":\"true\",\"max_tokens\":\"abc\",\"stream\":\"garbage\",\"temperature\":\"hot\",\"zdr\":\"x\",\"provider\":7}")),
            ("wrong types in messages", Json("{\"model\":\"openai/gpt-4o-mini\",\"messages\":[{\"role\":5,\"content\":{\"a\":1}},7,null],\"max_tokens\":1e400}")),
            ("100 KB strings", Json($"{{\"model\":\"{Huge}\",\"messages\":[{{\"role\":\"{Huge}\",\"content\":\"{Huge}\"}}]}}")),
            ("missing fields", Json("{}")),
            ("an empty body", Json("")),
            ("invalid UTF-8", invalid),
            ("a form instead of JSON", new FormUrlEncodedContent([new("model", "openai/gpt-4o-mini"), new(TestUser.AntiforgeryField, antiforgery)])),
        ];

        static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");
    }

    /// <summary>The form fields a handler reads: its own parameters, and each bound property (a complex one field by field, <c>Input.Name</c>).</summary>
    private static List<(string Name, Type Type)> FieldsOf(AppEndpoint endpoint)
    {
        var fields = endpoint.Parameters.Select(parameter => (parameter.Name!, parameter.ParameterType)).ToList();
        foreach (var property in endpoint.BoundProperties)
        {
            var name = property.GetCustomAttribute<BindPropertyAttribute>()?.Name ?? property.Name;
            if (IsSimple(property.PropertyType))
            {
                fields.Add((name, property.PropertyType));
            }
            else
            {
                fields.AddRange(property.PropertyType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                    .Where(inner => inner.CanWrite)
                    .Select(inner => ($"{name}.{inner.Name}", inner.PropertyType)));
            }
        }

        return fields;
    }

    private static bool IsSimple(Type type)
    {
        var inner = Nullable.GetUnderlyingType(type) ?? type;
        return inner.IsPrimitive || inner.IsEnum || inner == typeof(string) || inner == typeof(decimal) || inner == typeof(Guid)
            || inner == typeof(DateOnly) || inner == typeof(DateTime) || inner == typeof(DateTimeOffset) || inner == typeof(TimeSpan)
            || (inner != typeof(string) && typeof(IEnumerable).IsAssignableFrom(inner));
    }

    /// <summary>A value of the wrong type: letters for numbers, garbage for booleans, enums, ids and dates.</summary>
    private static string WrongValueFor(Type type) =>
        (Nullable.GetUnderlyingType(type) ?? type) switch
        {
            var inner when inner == typeof(string) => "true\u0000<b>",
            var inner when inner == typeof(bool) => "garbage",
            var inner when inner.IsEnum => "garbage",
            var inner when inner == typeof(Guid) => "true",
            var inner when inner == typeof(DateOnly) || inner == typeof(DateTime) || inner == typeof(DateTimeOffset) => "31/31/31",
            _ => "abc",
        };

    private List<LogLine> ErrorLines() => [.. fixture.Output.LogLines.Where(line => line.Level >= LogLevel.Error)];

    /// <summary>Row counts of the key tables, and the tenant's row.</summary>
    private async Task<string> SnapshotAsync(string slug)
    {
        var text = new StringBuilder();
        foreach (var table in new[] { "tenants", "memberships", "invitations", "api_tokens", "openrouter_credentials", "budgets", "budget_reservations", "usage_records", "audit_entries", "\"AspNetUsers\"", "model_allow_lists" })
        {
            text.AppendLine($"{table}: {(await fixture.Stored.RowsAsTextAsync(table)).Count}");
        }

        var tenant = (await fixture.Stored.TenantAsync(slug))!;
        text.AppendLine((await fixture.Stored.RowsAsTextAsync("tenants")).Single(row => row.Contains(tenant.Id.ToString(), StringComparison.Ordinal)));
        return text.ToString();
    }
}
