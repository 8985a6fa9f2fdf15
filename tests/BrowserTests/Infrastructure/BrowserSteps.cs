using System.Text.RegularExpressions;
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

    /// <summary>A new person at their own browser who registered, signed in and created a tenant (so owns it); returns the page and the tenant's slug.</summary>
    public static async Task<(IPage Page, string Slug)> OwnerOfNewTenantAsync(BrowserFixture fixture)
    {
        var page = await fixture.NewPersonAsync();
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var slug = "t-" + suffix;
        await page.GotoAsync("/Identity/Account/Register");
        await RegisterConfirmAndSignInAsync(page, $"owner-{suffix}@example.test", "Olivia Owner");
        await Expect(page).ToHaveURLAsync(new Regex("/tenants$"));

        await page.GotoAsync("/tenants/new");
        await page.Locator("#Input_Name").FillAsync("Tenant " + suffix);
        await page.Locator("#Input_Slug").FillAsync(slug);
        await page.ClickAsync("#create-tenant-submit");
        await Expect(page).ToHaveURLAsync(new Regex($"/t/{slug}$"));
        return (page, slug);
    }
}
