using System.Net;
using Xunit.Sdk;

namespace OpenRouterSaaS.FunctionalTests.Infrastructure;

/// <summary>The steps a person takes through the site, each checking that it worked so a test can rely on it.</summary>
public static class UserActions
{
    public static async Task<HtmlPage> RegisterAsync(this TestUser user, string? returnUrl = null, string? displayName = null)
    {
        var form = await user.GetAsync(returnUrl is null ? "/Identity/Account/Register" : $"/Identity/Account/Register?returnUrl={Uri.EscapeDataString(returnUrl)}");
        var page = await user.SubmitAsync(form, "#register-submit",
            ("Input.Email", user.Email),
            ("Input.DisplayName", displayName ?? ""),
            ("Input.Password", user.Password),
            ("Input.ConfirmPassword", user.Password));
        Expect(page.IsAt("/Identity/Account/RegisterConfirmation"), "registering", page);
        return page;
    }

    /// <summary>The link of the newest email to this person, as the development mailbox holds it.</summary>
    public static string LatestEmailLink(this TestUser user) =>
        user.App.Mailbox.For(user.Email).FirstOrDefault()?.Message.ActionUrl
        ?? throw new XunitException($"No email was sent to {user.Email}.");

    public static async Task<HtmlPage> ConfirmEmailAsync(this TestUser user)
    {
        var page = await user.GetAsync(user.LatestEmailLink());
        Expect(page.Heading == "Email confirmed", "confirming the email address", page);
        return page;
    }

    public static async Task<HtmlPage> SignInAsync(this TestUser user, string? returnUrl = null)
    {
        var page = await user.TrySignInAsync(user.Password, returnUrl);
        Expect(page.Redirects.Count > 0 && !page.IsAt("/Identity/Account/Login"), "signing in", page);
        return page;
    }

    /// <summary>Fills in the sign-in form; the page shown afterwards says how it went.</summary>
    public static async Task<HtmlPage> TrySignInAsync(this TestUser user, string password, string? returnUrl = null)
    {
        var form = await user.GetAsync(returnUrl is null ? "/Identity/Account/Login" : $"/Identity/Account/Login?returnUrl={Uri.EscapeDataString(returnUrl)}");
        return await user.SubmitAsync(form, "#login-submit", ("Input.Email", user.Email), ("Input.Password", password));
    }

    public static async Task<HtmlPage> SignOutAsync(this TestUser user)
    {
        var home = await user.GetAsync("/");
        return await user.SubmitAsync(home, "#sign-out");
    }

    public static async Task<HtmlPage> TryCreateTenantAsync(this TestUser user, string name, string slug)
    {
        var form = await user.GetAsync("/tenants/new");
        return await user.SubmitAsync(form, "#create-tenant-submit", ("Input.Name", name), ("Input.Slug", slug));
    }

    /// <summary>Creates a tenant and returns its dashboard.</summary>
    public static async Task<HtmlPage> CreateTenantAsync(this TestUser user, string name, string slug)
    {
        var page = await user.TryCreateTenantAsync(name, slug);
        Expect(page.IsAt($"/t/{slug}"), "creating a tenant", page);
        return page;
    }

    public static async Task<HtmlPage> TryInviteAsync(this TestUser admin, string slug, string email, string role = "Member")
    {
        var members = await admin.GetAsync($"/t/{slug}/admin/members");
        return await admin.SubmitAsync(members, "#invite-form", ("Invite.Email", email), ("Invite.Role", role));
    }

    /// <summary>Invites <paramref name="email"/> and returns the invitation link the members page shows once.</summary>
    public static async Task<string> InviteAsync(this TestUser admin, string slug, string email, string role = "Member")
    {
        var page = await admin.TryInviteAsync(slug, email, role);
        Expect(page.Has("#invitation-link"), "inviting someone", page);
        return page.Text("#invitation-link");
    }

    public static async Task<HtmlPage> TryAcceptInvitationAsync(this TestUser user, string link)
    {
        var invitation = await user.GetAsync(link);
        return await user.SubmitAsync(invitation, "#accept-invitation");
    }

    /// <summary>Accepts an invitation and returns the tenant's dashboard.</summary>
    public static async Task<HtmlPage> AcceptInvitationAsync(this TestUser user, string link)
    {
        var page = await user.TryAcceptInvitationAsync(link);
        Expect(page.Path.StartsWith("/t/", StringComparison.Ordinal) && page.Status == HttpStatusCode.OK, "accepting an invitation", page);
        return page;
    }

    /// <summary>Submits one of the forms in a member's row of the members page (ChangeRole or Remove).</summary>
    public static async Task<HtmlPage> ActOnMemberAsync(this TestUser admin, string slug, string memberEmail, string handler, params (string Name, string Value)[] fields)
    {
        var members = await admin.GetAsync($"/t/{slug}/admin/members");
        return await admin.SubmitAsync(members, $"tr[data-member=\"{memberEmail}\"] form[action$=\"handler={handler}\"]", fields);
    }

    public static Task<HtmlPage> ChangeRoleAsync(this TestUser admin, string slug, string memberEmail, string role) =>
        admin.ActOnMemberAsync(slug, memberEmail, "ChangeRole", ("role", role));

    public static Task<HtmlPage> RemoveMemberAsync(this TestUser admin, string slug, string memberEmail) =>
        admin.ActOnMemberAsync(slug, memberEmail, "Remove");

    /// <summary>Fills in the form on the API tokens page; the page shown afterwards says how it went.</summary>
    public static async Task<HtmlPage> TryCreateApiTokenAsync(this TestUser user, string slug, string name, string expiresOn = "")
    {
        var tokens = await user.GetAsync($"/t/{slug}/tokens");
        return await user.SubmitAsync(tokens, "#create-token-form", ("Create.Name", name), ("Create.ExpiresOn", expiresOn));
    }

    /// <summary>Creates an API token and returns the page that shows it, with the token itself (shown this once only).</summary>
    public static async Task<(HtmlPage Page, string Token)> CreateApiTokenAsync(this TestUser user, string slug, string name = "laptop", string expiresOn = "")
    {
        var page = await user.TryCreateApiTokenAsync(slug, name, expiresOn);
        Expect(page.Has("#new-token-value"), "creating an API token", page);
        return (page, page.Text("#new-token-value"));
    }

    /// <summary>Presses Revoke in the row of the token named <paramref name="name"/> on the person's own tokens page.</summary>
    public static async Task<HtmlPage> RevokeApiTokenAsync(this TestUser user, string slug, string name)
    {
        var tokens = await user.GetAsync($"/t/{slug}/tokens");
        return await user.SubmitAsync(tokens, $"tr[data-token-name=\"{name}\"] form[action$=\"handler=Revoke\"]");
    }

    /// <summary>Fills in the form on the member's keys page and sends it (pressing "Save without checking" when asked).</summary>
    public static async Task<HtmlPage> TrySaveKeyAsync(this TestUser member, string slug, string key, DateOnly? expiresOn = null, bool withoutChecking = false)
    {
        var page = await member.GetAsync($"/t/{slug}/keys");
        return await member.SubmitAsync(page, withoutChecking ? "#save-key-form" : "#save-key",
            [("Input.Key", key), ("Input.ExpiresOn", expiresOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? ""),
             .. withoutChecking ? new[] { ("Input.SaveUnverified", "true") } : []]);
    }

    /// <summary>Saves the member's own key and returns their keys page.</summary>
    public static async Task<HtmlPage> SaveKeyAsync(this TestUser member, string slug, string key, DateOnly? expiresOn = null)
    {
        var page = await member.TrySaveKeyAsync(slug, key, expiresOn);
        Expect(page.StatusMessage == "OpenRouter accepted your key, and it was saved.", "saving an OpenRouter key", page);
        return page;
    }

    /// <summary>Sends the shared key form ("Shared") or the management key form ("Management") on the shared key page.</summary>
    public static async Task<HtmlPage> TrySetTenantKeyAsync(this TestUser admin, string slug, string form, string key, bool withoutChecking = false)
    {
        var page = await admin.GetAsync($"/t/{slug}/admin/shared-key");
        var selector = form == "Shared" ? "#save-shared-key-form" : "#save-management-key-form";
        return await admin.SubmitAsync(page, selector, [($"{form}.Key", key), .. withoutChecking ? new[] { ($"{form}.SaveUnverified", "true") } : []]);
    }

    public static async Task<HtmlPage> SetSharedKeyAsync(this TestUser admin, string slug, string key)
    {
        var page = await admin.TrySetTenantKeyAsync(slug, "Shared", key);
        Expect(page.StatusMessage == "OpenRouter accepted the shared key, and it was saved.", "setting the shared key", page);
        return page;
    }

    public static async Task<HtmlPage> SetManagementKeyAsync(this TestUser admin, string slug, string key)
    {
        var page = await admin.TrySetTenantKeyAsync(slug, "Management", key);
        Expect(page.StatusMessage == "OpenRouter accepted the management key, and it was saved.", "setting the management key", page);
        return page;
    }

    /// <summary>Chooses one of PersonalFirst, PersonalOnly and SharedOnly on the shared key page.</summary>
    public static async Task<HtmlPage> TrySetKeyPolicyAsync(this TestUser admin, string slug, string policy)
    {
        var page = await admin.GetAsync($"/t/{slug}/admin/shared-key");
        return await admin.SubmitAsync(page, "#save-policy", ("KeyPolicy.Policy", policy));
    }

    /// <summary>Turns a member's "may use the shared key" switch on the members page.</summary>
    public static async Task<HtmlPage> SetSharedKeyAccessAsync(this TestUser admin, string slug, string memberEmail, bool allowed)
    {
        var page = await admin.ActOnMemberAsync(slug, memberEmail, "SharedKeyAccess", ("allowed", allowed ? "true" : "false"));
        Expect(page.StatusMessage == (allowed ? "The member may now use the shared key." : "The member may no longer use the shared key."), "switching the shared key", page);
        return page;
    }

    private static void Expect(bool condition, string step, HtmlPage page)
    {
        if (!condition)
        {
            // Only the messages meant for the person: never the development mailbox's links, which carry tokens.
            var problems = string.Join(" | ", page.Texts(".text-danger, .alert-danger, .alert-warning, #status-message").Where(text => text.Length > 0));
            throw new XunitException($"Step failed: {step}. Ended on {page.Url} ({(int)page.Status}, \"{page.Heading}\"). Messages: {problems}");
        }
    }
}
