using OpenRouterSaaS.Application.ApiTokens.CreateApiToken;
using OpenRouterSaaS.Application.Common.Security;
using OpenRouterSaaS.Domain.ApiTokens;
using OpenRouterSaaS.Domain.Common;

namespace OpenRouterSaaS.UnitTests.Domain;

public sealed class ApiTokenTests
{
    private static readonly DateTimeOffset Now = new(2027, 3, 10, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_new_token_is_active_until_its_expiry_and_expired_from_then_on()
    {
        var token = Token(expiresAt: Now.AddDays(1));

        Assert.Equal(ApiTokenStatus.Active, token.StatusAt(Now));
        Assert.Equal(ApiTokenStatus.Active, token.StatusAt(Now.AddDays(1).AddTicks(-1)));
        Assert.Equal(ApiTokenStatus.Expired, token.StatusAt(Now.AddDays(1)));
    }

    [Fact]
    public void A_token_without_expiry_stays_active()
    {
        Assert.Equal(ApiTokenStatus.Active, Token(expiresAt: null).StatusAt(Now.AddYears(10)));
    }

    [Fact]
    public void Revoking_records_who_and_when_and_a_second_revoke_is_a_conflict_that_changes_nothing()
    {
        var token = Token(expiresAt: null);
        var admin = Guid.CreateVersion7();

        Assert.True(token.Revoke(admin, Now).IsSuccess);
        var again = token.Revoke(Guid.CreateVersion7(), Now.AddHours(1));

        Assert.Equal(ApiTokenStatus.Revoked, token.StatusAt(Now));
        Assert.Equal((Now, admin), (token.RevokedAt!.Value, token.RevokedByUserId!.Value));
        Assert.Equal(ErrorKind.Conflict, again.Error!.Kind);
        Assert.Equal("The token \"laptop\" was already revoked.", again.Error.Message);
    }

    [Fact]
    public void An_expired_token_can_still_be_revoked()
    {
        var token = Token(expiresAt: Now.AddDays(-1));

        Assert.True(token.Revoke(Guid.CreateVersion7(), Now).IsSuccess);
        Assert.Equal(ApiTokenStatus.Revoked, token.StatusAt(Now));
    }

    [Fact]
    public void The_masked_form_shows_only_the_last_four_characters()
    {
        var (plain, hash) = OpaqueToken.Create(ApiTokenFormat.Prefix);
        var token = new ApiToken(Guid.CreateVersion7(), Guid.CreateVersion7(), " CI ", hash, plain[^4..], Now, null);

        Assert.Equal("ors_…" + plain[^4..], token.Masked);
        Assert.Equal("CI", token.Name);
    }

    [Fact]
    public void Tokens_are_ors_and_43_base64url_characters_and_each_one_is_new()
    {
        var (first, firstHash) = OpaqueToken.Create(ApiTokenFormat.Prefix);
        var (second, _) = OpaqueToken.Create(ApiTokenFormat.Prefix);

        Assert.True(ApiTokenFormat.IsWellFormed(first), "A fresh token is not well formed.");
        Assert.False(first == second, "Two tokens were the same.");
        Assert.Equal(32, firstHash.Length);
        Assert.Equal(firstHash, OpaqueToken.Hash(first));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ors_")]
    [InlineData("sk-or-v1-0123456789012345678901234567890123456789012")]
    [InlineData("ors_012345678901234567890123456789012345678901")]
    [InlineData("ors_01234567890123456789012345678901234567890123")]
    [InlineData("ors_0123456789012345678901234567890123456789+12")]
    [InlineData("ORS_0123456789012345678901234567890123456789012")]
    [InlineData(" ors_012345678901234567890123456789012345678901")]
    public void Anything_else_is_malformed(string? presented) => Assert.False(ApiTokenFormat.IsWellFormed(presented));

    [Fact]
    public void A_created_token_does_not_print_itself()
    {
        var (plain, _) = OpaqueToken.Create(ApiTokenFormat.Prefix);

        var printed = new CreatedApiToken(Guid.CreateVersion7(), "laptop", plain, null).ToString();

        Assert.False(printed.Contains(plain, StringComparison.Ordinal), "CreatedApiToken.ToString() printed the token.");
        Assert.Contains("laptop", printed, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2027-03-11", null)]
    [InlineData("2028-03-10", null)]
    [InlineData("2027-03-10", ApiTokenExpiry.NotInTheFutureMessage)]
    [InlineData("2027-03-09", ApiTokenExpiry.NotInTheFutureMessage)]
    [InlineData("2028-03-11", ApiTokenExpiry.TooFarMessage)]
    public void An_expiry_date_is_after_today_and_at_most_a_year_ahead(string day, string? problem) =>
        Assert.Equal(problem, ApiTokenExpiry.Problem(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture), Now));

    [Fact]
    public void A_token_stops_working_at_the_start_of_its_expiry_day_in_utc() =>
        Assert.Equal(new DateTimeOffset(2027, 4, 1, 0, 0, 0, TimeSpan.Zero), ApiTokenExpiry.ExpiresAt(new DateOnly(2027, 4, 1)));

    private static ApiToken Token(DateTimeOffset? expiresAt)
    {
        var (plain, hash) = OpaqueToken.Create(ApiTokenFormat.Prefix);
        return new ApiToken(Guid.CreateVersion7(), Guid.CreateVersion7(), "laptop", hash, plain[^4..], Now, expiresAt);
    }
}
