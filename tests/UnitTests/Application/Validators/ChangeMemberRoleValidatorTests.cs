using OpenRouterSaaS.Application.Members.ChangeMemberRole;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.UnitTests.Application.Validators;

public sealed class ChangeMemberRoleValidatorTests
{
    private readonly ChangeMemberRoleValidator _validator = new();

    [Theory]
    [InlineData(TenantRole.Member)]
    [InlineData(TenantRole.Admin)]
    [InlineData(TenantRole.Owner)]
    public void Each_known_role_passes(TenantRole role) =>
        Assert.True(_validator.Validate(new ChangeMemberRoleCommand(Guid.CreateVersion7(), role)).IsValid);

    [Theory]
    [InlineData(-1)]
    [InlineData(3)]
    [InlineData(99)]
    public void An_unknown_role_is_refused_with_the_choices(int role)
    {
        var result = _validator.Validate(new ChangeMemberRoleCommand(Guid.CreateVersion7(), (TenantRole)role));

        var failure = Assert.Single(result.Errors);
        Assert.Equal(nameof(ChangeMemberRoleCommand.Role), failure.PropertyName);
        Assert.Equal("Choose Owner, Admin or Member.", failure.ErrorMessage);
    }
}
