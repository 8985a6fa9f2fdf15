using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.UnitTests.Domain;

public sealed class TenantSlugTests
{
    [Theory]
    [InlineData("acme")]
    [InlineData("abc")]
    [InlineData("acme-corp")]
    [InlineData("a1-b2-c3")]
    [InlineData("2024")]
    [InlineData("team-42")]
    public void A_well_formed_slug_has_no_problem(string slug) => Assert.Null(TenantSlug.Problem(slug));

    [Fact]
    public void A_slug_of_exactly_the_maximum_length_is_accepted() =>
        Assert.Null(TenantSlug.Problem(new string('a', TenantSlug.MaxLength)));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void A_missing_slug_asks_for_one(string? slug) => Assert.Equal("Enter a slug.", TenantSlug.Problem(slug));

    [Theory]
    [InlineData("a")]
    [InlineData("ab")]
    public void A_too_short_slug_names_the_allowed_length(string slug) =>
        Assert.Equal("The slug must be 3 to 40 characters long.", TenantSlug.Problem(slug));

    [Fact]
    public void A_too_long_slug_names_the_allowed_length() =>
        Assert.Equal("The slug must be 3 to 40 characters long.", TenantSlug.Problem(new string('a', TenantSlug.MaxLength + 1)));

    [Theory]
    [InlineData("Acme")]
    [InlineData("ACME")]
    [InlineData("acme corp")]
    [InlineData("acme_corp")]
    [InlineData("acme.corp")]
    [InlineData("acmé")]
    [InlineData("acme/x")]
    [InlineData("-acme")]
    [InlineData("acme-")]
    [InlineData("acme--corp")]
    [InlineData(" acme")]
    public void A_badly_shaped_slug_explains_the_allowed_characters(string slug) =>
        Assert.Equal(
            "Use only lowercase letters, digits and single hyphens, starting and ending with a letter or digit.",
            TenantSlug.Problem(slug));

    [Theory]
    [InlineData("admin")]
    [InlineData("api")]
    [InlineData("login")]
    [InlineData("healthz")]
    [InlineData("tenants")]
    [InlineData("www")]
    public void A_reserved_word_is_refused_by_name(string slug) =>
        Assert.Equal($"\"{slug}\" is reserved; choose another slug.", TenantSlug.Problem(slug));

    [Theory]
    [InlineData("admins")]
    [InlineData("my-api")]
    [InlineData("api-team")]
    public void A_slug_that_only_contains_a_reserved_word_is_fine(string slug) => Assert.Null(TenantSlug.Problem(slug));
}
