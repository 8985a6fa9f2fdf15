using OpenRouterSaaS.Application.ApiTokens.CreateApiToken;
using OpenRouterSaaS.Application.Common.Security;
using OpenRouterSaaS.Domain.ApiTokens;
using OpenRouterSaaS.UnitTests.Fakes;

namespace OpenRouterSaaS.UnitTests.Application.Validators;

public sealed class CreateApiTokenValidatorTests
{
    private static readonly DateTimeOffset Now = new(2027, 3, 10, 23, 30, 0, TimeSpan.Zero);
    private readonly CreateApiTokenValidator _validator = new(new FixedClock(Now));

    [Theory]
    [InlineData("laptop", null)]
    [InlineData("LibreChat on the team server", "2027-03-11")]
    [InlineData("CI", "2028-03-10")]
    public void A_plain_name_and_an_optional_future_date_pass(string name, string? expiresOn) =>
        Assert.True(_validator.Validate(new CreateApiTokenCommand(name, Day(expiresOn))).IsValid);

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_name_asks_for_one(string name) =>
        Assert.Equal([CreateApiTokenValidator.NameRequiredMessage], Errors(name, null, nameof(CreateApiTokenCommand.Name)));

    [Fact]
    public void A_name_of_101_characters_is_too_long_but_100_are_fine()
    {
        Assert.Equal([CreateApiTokenValidator.NameTooLongMessage], Errors(new string('a', 101), null, nameof(CreateApiTokenCommand.Name)));
        Assert.Empty(Errors(new string('a', 100), null, nameof(CreateApiTokenCommand.Name)));
    }

    [Theory]
    [InlineData("two\nlines")]
    [InlineData("tab\there")]
    [InlineData("nul\0")]
    public void A_name_with_control_characters_is_refused(string name) =>
        Assert.Equal([CreateApiTokenValidator.NameControlCharactersMessage], Errors(name, null, nameof(CreateApiTokenCommand.Name)));

    [Fact]
    public void A_pasted_token_or_key_as_the_name_is_refused()
    {
        var (token, _) = OpaqueToken.Create(ApiTokenFormat.Prefix);

        Assert.Equal([CreateApiTokenValidator.NameLooksSecretMessage], Errors(token, null, nameof(CreateApiTokenCommand.Name)));
        Assert.Equal([CreateApiTokenValidator.NameLooksSecretMessage], Errors("sk-or-v1-00000000000000000000000000000000", null, nameof(CreateApiTokenCommand.Name)));
    }

    [Theory]
    [InlineData("2027-03-10", ApiTokenExpiry.NotInTheFutureMessage)]
    [InlineData("2020-01-01", ApiTokenExpiry.NotInTheFutureMessage)]
    [InlineData("2028-03-11", ApiTokenExpiry.TooFarMessage)]
    public void An_expiry_date_today_in_the_past_or_over_a_year_ahead_is_refused(string day, string message) =>
        Assert.Equal([message], Errors("laptop", day, nameof(CreateApiTokenCommand.ExpiresOn)));

    private static DateOnly? Day(string? value) => value is null ? null : DateOnly.Parse(value, System.Globalization.CultureInfo.InvariantCulture);

    private string[] Errors(string name, string? expiresOn, string property) =>
        _validator.Validate(new CreateApiTokenCommand(name, Day(expiresOn))).Errors
            .Where(error => error.PropertyName == property)
            .Select(error => error.ErrorMessage)
            .ToArray();
}
