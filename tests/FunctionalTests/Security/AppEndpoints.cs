using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using OpenRouterSaaS.Tests.Shared;

namespace OpenRouterSaaS.FunctionalTests.Security;

/// <summary>What one handler of a page or one minimal endpoint answers: its method, its handler name, its parameters.</summary>
/// <param name="Route">The route as the app declares it, e.g. <c>t/{slug}/admin/members</c>.</param>
/// <param name="Page">The Razor page's path (e.g. <c>/Tenant/Admin/Members</c>), or null for a minimal endpoint.</param>
/// <param name="Handler">The page handler's name (<c>Remove</c> for <c>OnPostRemoveAsync</c>), or null for the unnamed one.</param>
/// <param name="Parameters">The handler method's own parameters, bound from the query or the form.</param>
/// <param name="BoundProperties">The page's <c>[BindProperty]</c> properties that a POST binds (and a GET too, when they say so).</param>
public sealed record AppEndpoint(
    RoutePattern Route,
    string Method,
    string? Page,
    string? Handler,
    IReadOnlyList<ParameterInfo> Parameters,
    IReadOnlyList<PropertyInfo> BoundProperties)
{
    public string RouteText => "/" + Route.RawText!.TrimStart('/');

    public bool IsTenantScoped => Route.GetParameter("slug") is not null;

    public bool IsApi => RouteText.StartsWith("/api/", StringComparison.Ordinal);

    /// <summary>E.g. <c>POST /t/{slug}/admin/members?handler=Remove</c>, to name this endpoint in a failure.</summary>
    public string Name => $"{Method} {RouteText}{(Handler is null ? "" : "?handler=" + Handler)}";

    /// <summary>
    /// The address of this endpoint with <paramref name="values"/> for its route parameters (optional ones left out when
    /// not given); fails, naming the route, when a required parameter has no value, so that a new kind of route parameter
    /// is a conscious decision of the tests.
    /// </summary>
    public string Url(IReadOnlyDictionary<string, string> values)
    {
        var path = new List<string>();
        foreach (var segment in Route.PathSegments)
        {
            var text = "";
            foreach (var part in segment.Parts)
            {
                switch (part)
                {
                    case RoutePatternLiteralPart literal:
                        text += literal.Content;
                        break;
                    case RoutePatternParameterPart parameter when values.TryGetValue(parameter.Name, out var value):
                        text += Uri.EscapeDataString(value);
                        break;
                    case RoutePatternParameterPart { IsOptional: true }:
                        break;
                    case RoutePatternParameterPart parameter:
                        throw new InvalidOperationException(
                            $"The route {Name} has a parameter {{{parameter.Name}}} the security tests do not know: give them a value for it (or exclude the route, saying why).");
                    default:
                        throw new InvalidOperationException($"The route {Name} has a part the security tests do not know: {part}.");
                }
            }

            if (text.Length > 0)
            {
                path.Add(text);
            }
        }

        var query = Handler is null ? "" : "?handler=" + Uri.EscapeDataString(Handler);
        return "/" + string.Join("/", path) + query;
    }

    /// <summary>Every endpoint of the app, read from its own endpoint data: each page handler, and each minimal endpoint's methods.</summary>
    public static async Task<List<AppEndpoint>> AllAsync(TestApp app)
    {
        var loader = app.Services.GetRequiredService<PageLoader>();
        var endpoints = new List<AppEndpoint>();
        foreach (var endpoint in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is { } page)
            {
                var compiled = await loader.LoadAsync(page, endpoint.Metadata);
                var bound = compiled.BoundProperties.Select(property => ((PageBoundPropertyDescriptor)property).Property).ToList();
                endpoints.AddRange(compiled.HandlerMethods.Select(handler => new AppEndpoint(
                    endpoint.RoutePattern,
                    handler.HttpMethod.ToUpperInvariant(),
                    page.ViewEnginePath,
                    handler.Name,
                    [.. handler.MethodInfo.GetParameters().Where(parameter => parameter.ParameterType != typeof(CancellationToken))],
                    handler.HttpMethod.Equals("GET", StringComparison.OrdinalIgnoreCase)
                        ? [.. bound.Where(property => property.GetCustomAttribute<BindPropertyAttribute>()?.SupportsGet == true)]
                        : bound)));
            }
            else if (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>() is { } methods)
            {
                var parameters = endpoint.Metadata.GetMetadata<MethodInfo>()?.GetParameters() ?? [];
                endpoints.AddRange(methods.HttpMethods.Select(method => new AppEndpoint(endpoint.RoutePattern, method, null, null, parameters, [])));
            }
            else
            {
                endpoints.Add(new AppEndpoint(endpoint.RoutePattern, "GET", null, null, [], []));
            }
        }

        return endpoints;
    }
}
