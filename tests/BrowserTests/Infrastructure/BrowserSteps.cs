using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace OpenRouterSaaS.BrowserTests.Infrastructure;

/// <summary>Steps that several browser tests take the same way a person would.</summary>
public static class BrowserSteps
{
    public const string Password = "Plenty-of-Chars-42";

    /// <summary>From the registration form: registers, follows the confirmation link the page shows, and signs in.</summary>
    public static async Task RegisterConfirmAndSignInAsync(IPage page, string email, string name)
    {
        await page.Locator("#Input_Email").FillAsync(email);
        await page.Locator("#Input_DisplayName").FillAsync(name);
        await page.Locator("#Input_Password").FillAsync(Password);
        await page.Locator("#Input_ConfirmPassword").FillAsync(Password);
        await page.ClickAsync("#register-submit");

        await Expect(page.Locator("h1")).ToHaveTextAsync("Check your email");
        await page.ClickAsync("#confirm-link");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Email confirmed");
        await page.ClickAsync("#login-link");

        await page.Locator("#Input_Email").FillAsync(email);
        await page.Locator("#Input_Password").FillAsync(Password);
        await page.ClickAsync("#login-submit");
    }
}
