using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OpenRouterSaaS.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static OpenRouterSaaS.BrowserTests.Infrastructure.BrowserSteps;

namespace OpenRouterSaaS.BrowserTests;

/// <summary>The first day with the product, in a real browser: an owner sets up a tenant and brings a colleague in.</summary>
public sealed class TenantOnboardingTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_owner_creates_a_tenant_and_a_colleague_joins_it_through_the_invitation()
    {
        var owner = await fixture.NewPersonAsync();
        var colleague = await fixture.NewPersonAsync();
        try
        {
            await owner.GotoAsync("/Identity/Account/Register");
            await RegisterConfirmAndSignInAsync(owner, "olivia@example.test", "Olivia Owner");
            await Expect(owner).ToHaveURLAsync(new Regex("/tenants$"));

            await owner.ClickAsync("#create-tenant");
            await owner.Locator("#Input_Name").PressSequentiallyAsync("Acme Research");
            // slug-suggest.js writes the address from the name as it is typed.
            await Expect(owner.Locator("#Input_Slug")).ToHaveValueAsync("acme-research");
            await owner.ClickAsync("#create-tenant-submit");
            await Expect(owner).ToHaveURLAsync(new Regex("/t/acme-research$"));
            await Expect(owner.Locator("#tenant-name")).ToHaveTextAsync("Acme Research");
            await Expect(owner.Locator("#my-role")).ToHaveTextAsync("You are an Owner");

            await owner.GetByRole(AriaRole.Link, new() { Name = "Manage members and invitations" }).ClickAsync();
            await owner.Locator("#Invite_Email").FillAsync("colin@example.test");
            await owner.ClickAsync("#invite-submit");
            var invitationLink = (await owner.Locator("#invitation-link").TextContentAsync())!.Trim();
            await Screenshots.SaveAsync(owner, "members-new-invitation");

            await colleague.GotoAsync(invitationLink);
            await Expect(colleague.Locator("h1")).ToHaveTextAsync("Join Acme Research");
            await colleague.ClickAsync("#register-to-accept");
            await RegisterConfirmAndSignInAsync(colleague, "colin@example.test", "Colin Colleague");
            // Signing in comes back to the invitation it started from.
            await Expect(colleague).ToHaveURLAsync(invitationLink);
            await colleague.ClickAsync("#accept-invitation");
            await Expect(colleague).ToHaveURLAsync(new Regex("/t/acme-research$"));

            await Expect(colleague.Locator("#status-message")).ToContainTextAsync("Welcome! You joined the tenant.");
            await Expect(colleague.Locator("#tenant-name")).ToHaveTextAsync("Acme Research");
            await Expect(colleague.Locator("#my-role")).ToHaveTextAsync("You are a Member");
            await owner.GotoAsync("/t/acme-research");
            await Expect(owner.Locator("#member-count")).ToHaveTextAsync("2");
            await Expect(owner.Locator("#tenant-switcher")).ToHaveTextAsync("Acme Research");

            await Screenshots.SaveAsync(owner, "dashboard-owner");
            await Screenshots.SaveAsync(colleague, "dashboard-member");
        }
        catch
        {
            await Screenshots.SaveAsync(owner, "failed-owner");
            await Screenshots.SaveAsync(colleague, "failed-colleague");
            throw;
        }
    }
}
