using System.Net;
using OpenRouterSaaS.FunctionalTests.Infrastructure;

namespace OpenRouterSaaS.FunctionalTests.Identity;

/// <summary>The account pages where people most often go wrong, and the second factor.</summary>
public sealed class AccountTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private const string InvalidCredentials = "Invalid email or password.";

    [Fact]
    public async Task Registering_an_address_that_has_an_account_is_explained_and_creates_nothing()
    {
        var existing = await fixture.SignUpAsync();
        var newcomer = fixture.Browser(existing.Email, "Another-Password-7");

        var form = await newcomer.GetAsync("/Identity/Account/Register");
        var page = await newcomer.SubmitAsync(form, "#register-submit",
            ("Input.Email", existing.Email), ("Input.Password", newcomer.Password), ("Input.ConfirmPassword", newcomer.Password));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("An account with this email address already exists. Sign in, or reset your password if you forgot it.", page.FieldError("Input.Email"));
        Assert.Equal(1, await fixture.Stored.UsersWithEmailAsync(existing.Email));
        // The existing account still signs in with its own password.
        Assert.Equal("/tenants", (await fixture.Browser(existing.Email, existing.Password).SignInAsync()).Path);
    }

    [Fact]
    public async Task A_password_that_breaks_the_policy_is_explained_and_creates_nothing()
    {
        var person = fixture.Visitor();
        var form = await person.GetAsync("/Identity/Account/Register");

        var page = await person.SubmitAsync(form, "#register-submit",
            ("Input.Email", person.Email), ("Input.Password", "alllowercase"), ("Input.ConfirmPassword", "alllowercase"));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        // The field shows the first problem; the summary above the form lists them all.
        Assert.StartsWith("Passwords must have at least one", page.FieldError("Input.Password"), StringComparison.Ordinal);
        Assert.Contains("uppercase", page.Text("#validation-summary"), StringComparison.Ordinal);
        Assert.Contains("digit", page.Text("#validation-summary"), StringComparison.Ordinal);
        Assert.Equal(0, await fixture.Stored.UsersWithEmailAsync(person.Email));
    }

    [Fact]
    public async Task A_wrong_password_is_refused_without_saying_which_part_was_wrong()
    {
        var person = await fixture.SignUpAsync();
        await person.SignOutAsync();

        var wrongPassword = await person.TrySignInAsync("Not-The-Password-1");
        var unknownEmail = await fixture.Visitor().TrySignInAsync(AppFixture.Password);

        Assert.Equal(InvalidCredentials, wrongPassword.Text("#validation-summary"));
        Assert.Equal(InvalidCredentials, unknownEmail.Text("#validation-summary"));
        Assert.True((await person.GetAsync("/tenants")).IsAt("/Identity/Account/Login"));
        Assert.Equal(1, (await fixture.Stored.UserAsync(person.Email))!.AccessFailedCount);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_one()
    {
        var person = await fixture.SignUpAsync();
        await person.SignOutAsync();

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            Assert.Equal(InvalidCredentials, (await person.TrySignInAsync($"Wrong-Password-{attempt}")).Text("#validation-summary"));
        }

        var fifth = await person.TrySignInAsync("Wrong-Password-5");
        var rightPassword = await person.TrySignInAsync(person.Password);

        Assert.Equal("This account is locked for now", fifth.Text("#lockout-heading"));
        Assert.Equal("This account is locked for now", rightPassword.Text("#lockout-heading"));
        Assert.True((await fixture.Stored.UserAsync(person.Email))!.LockoutEnd > DateTimeOffset.UtcNow);
        Assert.True((await person.GetAsync("/tenants")).IsAt("/Identity/Account/Login"));
    }

    [Fact]
    public async Task An_unconfirmed_account_is_told_to_confirm_only_once_the_password_is_right()
    {
        var person = fixture.Visitor();
        await person.RegisterAsync();

        var rightPassword = await person.TrySignInAsync(person.Password);
        var wrongPassword = await person.TrySignInAsync("Not-The-Password-1");

        Assert.Contains("Confirm your email address before you sign in", rightPassword.Text("#email-not-confirmed"));
        Assert.Equal(InvalidCredentials, wrongPassword.Text("#validation-summary"));
        Assert.False(wrongPassword.Has("#email-not-confirmed"));
        Assert.False((await fixture.Stored.UserAsync(person.Email))!.EmailConfirmed);
        Assert.True((await person.GetAsync("/tenants")).IsAt("/Identity/Account/Login"));
    }

    [Fact]
    public async Task A_forgotten_password_is_reset_through_the_emailed_link()
    {
        var person = await fixture.SignUpAsync();
        await person.SignOutAsync();
        var oldPassword = person.Password;

        var forgot = await person.GetAsync("/Identity/Account/ForgotPassword");
        var checkEmail = await person.SubmitAsync(forgot, "#forgot-submit", ("Input.Email", person.Email));
        Assert.Equal(person.LatestEmailLink(), checkEmail.Href("#reset-link"));
        var reset = await person.GetAsync(checkEmail.Href("#reset-link"));
        Assert.Equal(person.Email, reset.FieldValue("Input.Email"));
        person.Password = "A-Brand-New-Password-9";
        var done = await person.SubmitAsync(reset, "#reset-submit", ("Input.Password", person.Password), ("Input.ConfirmPassword", person.Password));

        Assert.True(done.IsAt("/Identity/Account/ResetPasswordConfirmation"), $"Ended on {done.Url}");
        Assert.Equal(InvalidCredentials, (await person.TrySignInAsync(oldPassword)).Text("#validation-summary"));
        Assert.Equal("/tenants", (await person.SignInAsync()).Path);
    }

    [Fact]
    public async Task A_reset_link_does_not_work_for_another_address()
    {
        var person = await fixture.SignUpAsync();
        var victim = await fixture.SignUpAsync("victim");
        await person.SignOutAsync();
        var forgot = await person.GetAsync("/Identity/Account/ForgotPassword");
        var checkEmail = await person.SubmitAsync(forgot, "#forgot-submit", ("Input.Email", person.Email));
        var reset = await person.GetAsync(checkEmail.Href("#reset-link"));

        var refused = await person.SubmitAsync(reset, "#reset-submit",
            ("Input.Email", victim.Email), ("Input.Password", "Taken-Over-Password-1"), ("Input.ConfirmPassword", "Taken-Over-Password-1"));

        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Equal(
            "This reset link is not valid for that email address, or it has expired. Check the address, or ask for a new link.",
            refused.Text("#validation-summary"));
        Assert.Equal("/tenants", (await fixture.Browser(victim.Email, victim.Password).SignInAsync()).Path);
    }

    [Fact]
    public async Task With_an_authenticator_app_signing_in_needs_its_current_code()
    {
        var person = await fixture.SignUpAsync();
        var enable = await person.GetAsync("/Identity/Account/Manage/EnableAuthenticator");
        var sharedKey = enable.Text("#shared-key");

        var wrongCode = await person.SubmitAsync(enable, "#enable-authenticator-submit", ("Input.Code", "000000"));
        Assert.StartsWith("That code is not right.", wrongCode.FieldError("Input.Code"));
        Assert.False((await fixture.Stored.UserAsync(person.Email))!.TwoFactorEnabled);
        var enabled = await person.SubmitAsync(wrongCode, "#enable-authenticator-submit", ("Input.Code", Totp.Code(sharedKey, DateTimeOffset.UtcNow)));
        Assert.Contains("Your authenticator app is set up.", enabled.Text("main"));
        Assert.True((await fixture.Stored.UserAsync(person.Email))!.TwoFactorEnabled);
        await person.SignOutAsync();

        var secondStep = await person.TrySignInAsync(person.Password);
        Assert.True(secondStep.IsAt("/Identity/Account/LoginWith2fa"), $"Ended on {secondStep.Url}");
        var refused = await person.SubmitAsync(secondStep, "#login-2fa-submit", ("Input.TwoFactorCode", "000000"));
        Assert.Equal("That code is not right. Enter the current code from your authenticator app.", refused.FieldError("Input.TwoFactorCode"));
        Assert.True((await person.GetAsync("/tenants")).IsAt("/Identity/Account/Login"));
        var signedIn = await person.SubmitAsync(refused, "#login-2fa-submit", ("Input.TwoFactorCode", Totp.Code(sharedKey, DateTimeOffset.UtcNow)));

        Assert.Equal("/tenants", signedIn.Path);
    }
}
