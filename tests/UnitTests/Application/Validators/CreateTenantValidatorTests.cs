using System.Linq.Expressions;
using FluentValidation;
using OpenRouterSaaS.Application.Tenants.CreateTenant;
using OpenRouterSaaS.Domain.Tenants;
using OpenRouterSaaS.UnitTests.Fakes;

namespace OpenRouterSaaS.UnitTests.Application.Validators;

/// <summary>The rules that need no database. Whether a slug is already taken is checked in the integration tests.</summary>
public sealed class CreateTenantValidatorTests
{
    private readonly CreateTenantValidator _validator = new(new UnreachableDbContext());

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task A_blank_name_is_refused(string name)
    {
        var errors = await ErrorsFor(new CreateTenantCommand(name, "acme"), command => command.Name);

        Assert.Equal(["Enter a name for the tenant."], errors);
    }

    [Fact]
    public async Task A_missing_name_is_refused()
    {
        var errors = await ErrorsFor(new CreateTenantCommand(null!, "acme"), command => command.Name);

        Assert.Equal(["Enter a name for the tenant."], errors);
    }

    [Fact]
    public async Task A_name_longer_than_the_maximum_is_refused()
    {
        var errors = await ErrorsFor(new CreateTenantCommand(new string('n', Tenant.NameMaxLength + 1), "acme"), command => command.Name);

        Assert.Equal(["The name can be at most 100 characters long."], errors);
    }

    [Fact]
    public async Task Spaces_around_a_name_do_not_count_towards_its_length()
    {
        var errors = await ErrorsFor(new CreateTenantCommand("  " + new string('n', Tenant.NameMaxLength) + "  ", "acme"), command => command.Name);

        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("", "Enter a slug.")]
    [InlineData("ab", "The slug must be 3 to 40 characters long.")]
    [InlineData("Acme", "Use only lowercase letters, digits and single hyphens, starting and ending with a letter or digit.")]
    [InlineData("acme--corp", "Use only lowercase letters, digits and single hyphens, starting and ending with a letter or digit.")]
    [InlineData("admin", "\"admin\" is reserved; choose another slug.")]
    public async Task A_bad_slug_gets_one_clear_message_without_asking_the_database(string slug, string message)
    {
        // The uniqueness check would throw on the unreachable database, so this also shows it is skipped for a bad slug.
        var result = await _validator.ValidateAsync(new CreateTenantCommand("Acme", slug));

        var failure = Assert.Single(result.Errors);
        Assert.Equal(nameof(CreateTenantCommand.Slug), failure.PropertyName);
        Assert.Equal(message, failure.ErrorMessage);
    }

    private async Task<string[]> ErrorsFor(CreateTenantCommand command, Expression<Func<CreateTenantCommand, object>> property)
    {
        var result = await _validator.ValidateAsync(command, options => options.IncludeProperties(property));
        return result.Errors.Select(error => error.ErrorMessage).ToArray();
    }
}
