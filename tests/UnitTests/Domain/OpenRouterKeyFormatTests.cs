using System.Security.Cryptography;
using System.Text;
using OpenRouterSaaS.Domain.Credentials;

namespace OpenRouterSaaS.UnitTests.Domain;

public sealed class OpenRouterKeyFormatTests
{
    private const string Key = "sk-or-v1-0123456789abcdef0123456789abcdef0123456789abcdef0123456789ab1c96";

    [Theory]
    [InlineData(Key)]
    [InlineData("sk-or-anything-newer")]
    public void A_key_starting_with_sk_or_and_free_of_invisible_characters_is_accepted(string key) =>
        Assert.Null(OpenRouterKeyFormat.Problem(key));

    [Theory]
    [InlineData(null, "Enter an OpenRouter key.")]
    [InlineData("", "Enter an OpenRouter key.")]
    [InlineData("sk-proj-abc", "An OpenRouter key starts with sk-or- (for example sk-or-v1-…); this does not look like one.")]
    [InlineData("SK-OR-V1-ABC", "An OpenRouter key starts with sk-or- (for example sk-or-v1-…); this does not look like one.")]
    [InlineData("sk-or-v1-abc ", "The key contains spaces, line breaks or other invisible characters; copy it again from OpenRouter.")]
    [InlineData("sk-or-v1-abc\r\n", "The key contains spaces, line breaks or other invisible characters; copy it again from OpenRouter.")]
    [InlineData("sk-or-v1-a\u00A0bc", "The key contains spaces, line breaks or other invisible characters; copy it again from OpenRouter.")]
    [InlineData("sk-or-v1-a\u0000bc", "The key contains spaces, line breaks or other invisible characters; copy it again from OpenRouter.")]
    [InlineData("sk-or-v1-a\uFEFFbc", "The key contains spaces, line breaks or other invisible characters; copy it again from OpenRouter.")]
    public void A_key_of_the_wrong_shape_gets_a_message_that_does_not_repeat_it(string? key, string expected)
    {
        Assert.Equal(expected, OpenRouterKeyFormat.Problem(key));
    }

    [Fact]
    public void The_length_is_at_most_200_characters()
    {
        Assert.Null(OpenRouterKeyFormat.Problem("sk-or-" + new string('a', 194)));
        Assert.Equal("An OpenRouter key is at most 200 characters long; this one has 201.", OpenRouterKeyFormat.Problem("sk-or-" + new string('a', 195)));
    }

    [Fact]
    public void The_mask_shows_the_first_nine_and_last_four_characters()
    {
        Assert.Equal("sk-or-v1-…1c96", OpenRouterKeyFormat.Mask(Key));
    }

    [Theory]
    [InlineData("sk-or-v1-abcd")]
    [InlineData("sk-or-v1-0123456789abcdef")]
    public void A_key_too_short_to_hide_enough_of_shows_only_its_prefix(string key)
    {
        Assert.Equal("sk-or-…", OpenRouterKeyFormat.Mask(key));
    }

    [Fact]
    public void The_fingerprint_is_the_first_12_hex_of_the_keys_SHA_256()
    {
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Key)))[..12];

        Assert.Equal(expected, OpenRouterKeyFormat.Fingerprint(Key));
        Assert.DoesNotContain(OpenRouterKeyFormat.Fingerprint(Key), Key, StringComparison.Ordinal);
    }
}
