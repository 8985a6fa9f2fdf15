using OpenRouterSaaS.FunctionalTests.Infrastructure;

namespace OpenRouterSaaS.FunctionalTests.Security;

/// <summary>
/// Links in emails and invitations point at App:PublicBaseUrl, whatever Host header the request that caused them
/// carried: a forged host cannot make the site mail someone a reset code pointing at another server.
/// </summary>
public sealed class PublicAddressTests(HttpsAppFixture fixture) : IClassFixture<HttpsAppFixture>
{
    private const string ForgedHost = "https://attacker.example.test";

    [Fact]
    public async Task A_confirmation_link_requested_with_a_forged_host_points_at_the_public_address_and_works()
    {
        var person = fixture.Visitor();
        var form = await person.GetAsync(ForgedHost + "/Identity/Account/Register");

        await person.SubmitAsync(form, "#register-submit",
            ("Input.Email", person.Email), ("Input.Password", person.Password), ("Input.ConfirmPassword", person.Password));

        var link = person.LatestEmailLink();
        Assert.StartsWith(HttpsAppFixture.PublicBaseUrl + "/identity/account/confirmemail?", link, StringComparison.Ordinal);
        Assert.Equal("Email confirmed", (await person.GetAsync(link)).Heading);
    }

    [Fact]
    public async Task A_password_reset_link_requested_with_a_forged_host_points_at_the_public_address()
    {
        var victim = await fixture.SignUpAsync("victim");
        var attacker = fixture.Visitor("attacker");
        var forgot = await attacker.GetAsync(ForgedHost + "/Identity/Account/ForgotPassword");

        await attacker.SubmitAsync(forgot, "#forgot-submit", ("Input.Email", victim.Email));

        Assert.StartsWith(HttpsAppFixture.PublicBaseUrl + "/identity/account/resetpassword?", victim.LatestEmailLink(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invitation_link_points_at_the_public_address_not_at_the_host_the_admin_used()
    {
        // The admin's requests go to https://localhost.
        var (owner, slug) = await fixture.TenantWithOwnerAsync();

        var link = await owner.InviteAsync(slug, Unique.Email("invitee"));

        Assert.StartsWith($"{HttpsAppFixture.PublicBaseUrl}/invitations/", link, StringComparison.Ordinal);
    }
}
