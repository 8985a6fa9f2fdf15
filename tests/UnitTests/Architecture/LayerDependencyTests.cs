using System.Reflection;
using NetArchTest.Rules;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Domain.Tenants;
using OpenRouterSaaS.Infrastructure.Persistence;

namespace OpenRouterSaaS.UnitTests.Architecture;

/// <summary>Dependencies point inwards only: Domain knows no framework, Application knows no database driver, web or HTTP client.</summary>
public sealed class LayerDependencyTests
{
    private static readonly Assembly Domain = typeof(Tenant).Assembly;
    private static readonly Assembly Application = typeof(IAppDbContext).Assembly;
    private static readonly Assembly Infrastructure = typeof(AppDbContext).Assembly;

    /// <summary>The folder of the running .NET base library (Microsoft.NETCore.App): anything outside it is ours or a package.</summary>
    private static readonly string BaseLibraryFolder = Path.GetDirectoryName(typeof(object).Assembly.Location)!;

    [Fact]
    public void Domain_references_only_the_base_library()
    {
        var foreign = Domain.GetReferencedAssemblies()
            .Where(reference => !File.Exists(Path.Combine(BaseLibraryFolder, reference.Name + ".dll")))
            .Select(reference => reference.Name)
            .ToList();

        Assert.True(foreign.Count == 0, $"The domain must not reference our other layers or any package, but references: {string.Join(", ", foreign)}");
    }

    [Fact]
    public void Domain_types_depend_on_no_other_layer_or_framework()
    {
        var result = Types.InAssembly(Domain).ShouldNot().HaveDependencyOnAny(
            "OpenRouterSaaS.Application", "OpenRouterSaaS.Infrastructure", "OpenRouterSaaS.Web",
            "Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore", "Microsoft.Extensions", "Mediator", "FluentValidation", "Npgsql", "Refit").GetResult();

        Assert.True(result.IsSuccessful, Failing(result));
    }

    [Theory]
    [InlineData("OpenRouterSaaS.Infrastructure")]
    [InlineData("OpenRouterSaaS.Web")]
    [InlineData("Npgsql")]
    [InlineData("Refit")]
    [InlineData("Microsoft.AspNetCore")]
    public void Application_does_not_reference(string forbidden)
    {
        var references = Application.GetReferencedAssemblies()
            .Select(reference => reference.Name!)
            .Where(name => name == forbidden || name.StartsWith(forbidden + ".", StringComparison.Ordinal))
            .ToList();
        Assert.True(references.Count == 0, $"Application references {string.Join(", ", references)}");

        var result = Types.InAssembly(Application).ShouldNot().HaveDependencyOn(forbidden).GetResult();
        Assert.True(result.IsSuccessful, Failing(result));
    }

    [Fact]
    public void Infrastructure_does_not_reference_the_web_layer()
    {
        Assert.DoesNotContain(Infrastructure.GetReferencedAssemblies(), reference => reference.Name == "OpenRouterSaaS.Web");

        var result = Types.InAssembly(Infrastructure).ShouldNot().HaveDependencyOn("OpenRouterSaaS.Web").GetResult();
        Assert.True(result.IsSuccessful, Failing(result));
    }

    private static string Failing(TestResult result) =>
        "These types break the rule: " + string.Join(", ", result.FailingTypeNames ?? []);
}
