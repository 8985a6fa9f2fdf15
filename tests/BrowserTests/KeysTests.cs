using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OpenRouterSaaS.Application.ApiTokens.AuthenticateApiToken;
using OpenRouterSaaS.BrowserTests.Infrastructure;
using OpenRouterSimulator;
using static Microsoft.Playwright.Assertions;
using static OpenRouterSaaS.BrowserTests.Infrastructure.BrowserSteps;

namespace OpenRouterSaaS.BrowserTests;

/// <summary>In a real browser: a member saves their own OpenRouter key, an admin switches the tenant to its shared key, and the member makes an API token.</summary>
public sealed class KeysTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_member_saves_their_key_and_sees_it_masked_then_sees_the_admin_switch_to_shared_only()
    {
        var owner = await fixture.NewPersonAsync();
        var member = await fixture.NewPersonAsync();
        var ownKey = fixture.App.Simulator.CreateKey(new SimulatedKeyRequest("Mia's key", Limit: 10m)).Key;
        var sharedKey = fixture.App.Simulator.CreateKey(new SimulatedKeyRequest("Keys Inc shared key")).Key;
        try
        {
            await owner.GotoAsync("/Identity/Account/Register");
            await RegisterConfirmAndSignInAsync(owner, "oscar@keys.test", "Oscar Owner");
            await owner.ClickAsync("#create-tenant");
            await owner.Locator("#Input_Name").FillAsync("Keys Inc");
            await owner.Locator("#Input_Slug").FillAsync("keys-inc");
            await owner.ClickAsync("#create-tenant-submit");
            await Expect(owner).ToHaveURLAsync(new Regex("/t/keys-inc$"));
            await owner.GotoAsync("/t/keys-inc/admin/members");
            await owner.Locator("#Invite_Email").FillAsync("mia@keys.test");
            await owner.ClickAsync("#invite-submit");
            var invitationLink = (await owner.Locator("#invitation-link").TextContentAsync())!.Trim();

            await member.GotoAsync(invitationLink);
            await member.ClickAsync("#register-to-accept");
            await RegisterConfirmAndSignInAsync(member, "mia@keys.test", "Mia Member");
            await Expect(member).ToHaveURLAsync(invitationLink);
            await member.ClickAsync("#accept-invitation");
            await Expect(member).ToHaveURLAsync(new Regex("/t/keys-inc$"));

            // The member saves her own key and afterwards sees only its mask.
            await member.ClickAsync("#nav-my-key");
            await Expect(member.Locator("h1")).ToHaveTextAsync("My OpenRouter key");
            await Expect(member.Locator("#key-policy")).ToHaveTextAsync("This tenant uses your own key first, then the shared key.");
            await member.Locator("#Input_Key").FillAsync(ownKey);
            await member.ClickAsync("#save-key");
            await Expect(member.Locator("#status-message")).ToContainTextAsync("OpenRouter accepted your key, and it was saved.");
            await Expect(member.Locator("#my-key-mask")).ToHaveTextAsync(ownKey[..9] + "…" + ownKey[^4..]);
            await Expect(member.Locator("#my-key-status")).ToHaveTextAsync("Verified");
            await Expect(member.Locator("#my-key-limit")).ToHaveTextAsync("$10.00");
            await Expect(member.Locator("#Input_Key")).ToHaveValueAsync("");
            Assert.DoesNotContain(ownKey, await member.ContentAsync(), StringComparison.Ordinal);
            await Screenshots.SaveAsync(member, "keys-member-saved");

            // The owner sets the shared key and switches the tenant to "shared key only".
            await owner.ClickAsync("#admin-menu");
            await owner.ClickAsync("#nav-shared-key");
            await Expect(owner.Locator("h1")).ToHaveTextAsync("Shared key");
            await owner.Locator("#Shared_Key").FillAsync(sharedKey);
            await owner.ClickAsync("#save-shared-key");
            await Expect(owner.Locator("#status-message")).ToContainTextAsync("OpenRouter accepted the shared key, and it was saved.");
            await owner.CheckAsync("#policy-sharedonly");
            await owner.ClickAsync("#save-policy");
            await Expect(owner.Locator("#status-message")).ToContainTextAsync("The key policy is now \"Shared key only\".");
            await Expect(owner.Locator("#policy-sharedonly")).ToBeCheckedAsync();
            await Screenshots.SaveAsync(owner, "keys-admin-shared-only");

            // The member sees the policy in words, and which key now pays.
            await member.ReloadAsync();
            await Expect(member.Locator("#key-policy")).ToHaveTextAsync("This tenant uses only its shared key: your own key is not used here.");
            await Expect(member.Locator("#key-decision")).ToContainTextAsync("The tenant's shared key");
            await Expect(member.Locator("#my-key-mask")).ToHaveTextAsync(ownKey[..9] + "…" + ownKey[^4..]);
            await Screenshots.SaveAsync(member, "keys-member-shared-only");

            // The member creates an API token for programs: shown once, and accepted by the gateway's token check.
            await member.ClickAsync("#nav-tokens");
            await member.Locator("#Create_Name").FillAsync("laptop");
            await member.ClickAsync("#create-token-submit");
            await Expect(member.Locator("#new-token-value")).ToHaveTextAsync(new Regex("^ors_[A-Za-z0-9_-]{43}$"));
            var token = (await member.Locator("#new-token-value").TextContentAsync())!.Trim();
            await using (var scope = fixture.App.Services.CreateAsyncScope())
            {
                var authentication = await scope.ServiceProvider.GetRequiredService<IApiTokenAuthenticator>().AuthenticateAsync(token);
                Assert.Equal("keys-inc", authentication.Token?.TenantSlug);
            }

            await member.GotoAsync("/t/keys-inc/tokens");
            await Expect(member.Locator("#tokens-table tr[data-token-name=\"laptop\"]")).ToHaveCountAsync(1);
            Assert.DoesNotContain(token, await member.ContentAsync(), StringComparison.Ordinal);
        }
        catch
        {
            await Screenshots.SaveAsync(owner, "failed-keys-owner");
            await Screenshots.SaveAsync(member, "failed-keys-member");
            throw;
        }
    }
}
