using OpenRouterSaaS.Application.Invitations.CreateInvitation;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.UnitTests.Application.Validators;

public sealed class CreateInvitationValidatorTests
{
    private readonly CreateInvitationValidator _validator = new();

    [Theory]
    [InlineData("ada@example.test", TenantRole.Member)]
    [InlineData("ada.lovelace+team@example.co.uk", TenantRole.Admin)]
    [InlineData("owner@example.test", TenantRole.Owner)]
    public void A_plain_address_and_a_known_role_pass(string email, TenantRole role) =>
        Assert.True(_validator.Validate(new CreateInvitationCommand(email, role)).IsValid);

    [Fact]
    public void An_empty_address_asks_for_one()
    {
        var messages = EmailErrors("");

        Assert.Contains("Enter the email address of the person to invite.", messages);
    }

    [Theory]
    [InlineData("ada")]
    [InlineData("ada@")]
    [InlineData("@example.test")]
    [InlineData("ada@@example.test")]
    public void A_malformed_address_shows_an_example_of_a_valid_one(string email) =>
        Assert.Equal(["Enter a valid email address, such as name@example.com."], EmailErrors(email));

    [Fact]
    public void An_address_longer_than_256_characters_is_refused()
    {
        var email = new string('a', 250) + "@example.test";

        Assert.Equal(["An email address can be at most 256 characters long."], EmailErrors(email));
    }

    [Fact]
    public void An_unknown_role_is_refused()
    {
        var result = _validator.Validate(new CreateInvitationCommand("ada@example.test", (TenantRole)7));

        var failure = Assert.Single(result.Errors);
        Assert.Equal(nameof(CreateInvitationCommand.Role), failure.PropertyName);
        Assert.Equal("Choose Owner, Admin or Member.", failure.ErrorMessage);
    }

    private string[] EmailErrors(string email) =>
        _validator.Validate(new CreateInvitationCommand(email, TenantRole.Member)).Errors
            .Where(error => error.PropertyName == nameof(CreateInvitationCommand.Email))
            .Select(error => error.ErrorMessage)
            .ToArray();
}
