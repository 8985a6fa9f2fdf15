using OpenRouterSaaS.Application.Tenants.RenameTenant;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.UnitTests.Application.Validators;

public sealed class RenameTenantValidatorTests
{
    private readonly RenameTenantValidator _validator = new();

    [Fact]
    public void A_sensible_name_passes() => Assert.True(_validator.Validate(new RenameTenantCommand("Acme Research")).IsValid);

    [Theory]
    [InlineData("", "Enter a name for the tenant.")]
    [InlineData("  ", "Enter a name for the tenant.")]
    public void A_blank_name_is_refused(string name, string message) =>
        Assert.Equal([message], _validator.Validate(new RenameTenantCommand(name)).Errors.Select(error => error.ErrorMessage));

    [Fact]
    public void A_too_long_name_is_refused() =>
        Assert.Equal(
            ["The name can be at most 100 characters long."],
            _validator.Validate(new RenameTenantCommand(new string('n', Tenant.NameMaxLength + 1))).Errors.Select(error => error.ErrorMessage));
}
