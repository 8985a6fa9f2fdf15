using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpenRouterSaaS.Application.Keys.SaveTenantKey;
using OpenRouterSaaS.Application.Keys.SetKeyPolicy;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.FunctionalTests.Infrastructure;
using OpenRouterSaaS.Infrastructure.Workers;
using OpenRouterSimulator;
using static OpenRouterSaaS.FunctionalTests.Keys.PersonalKeyTests;

namespace OpenRouterSaaS.FunctionalTests.Keys;

/// <summary>Admins set the tenant's shared key, its management key and the key policy; members see what pays for their calls.</summary>
public sealed class TenantKeyTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task An_admin_sets_the_shared_key_and_a_member_without_a_key_of_their_own_uses_it()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var member = await fixture.AddMemberAsync(owner, slug);
        var key = NewKey(limit: 20m);

        var saved = await owner.SetSharedKeyAsync(slug, key);

        Assert.Equal($"/t/{slug}/admin/shared-key", saved.Path);
        Assert.Equal((Mask(key), Fingerprint(key), "Verified"), (saved.Text("#shared-key-mask"), saved.Text("#shared-key-fingerprint"), saved.Text("#shared-key-status")));
        Assert.Equal(("$20.00", "$20.00"), (saved.Text("#shared-key-limit"), saved.Text("#shared-key-remaining")));
        Assert.DoesNotContain(key, saved.Document.DocumentElement.OuterHtml, StringComparison.Ordinal);
        var stored = Assert.Single(await fixture.Stored.CredentialsAsync(slug));
        Assert.Equal((CredentialKind.Shared, (Guid?)null), (stored.Kind, stored.OwnerUserId));
        Assert.StartsWith("v1.test.", stored.EncryptedKey, StringComparison.Ordinal);
        Assert.DoesNotContain(await fixture.Stored.CredentialRowsAsTextAsync(), row => row.Contains(key[9..], StringComparison.Ordinal));

        var page = await member.GetAsync($"/t/{slug}/keys");
        Assert.Equal($"The tenant's shared key ({Mask(key)}) pays for your calls, because you have not saved your own key at /t/{slug}/keys.", page.Text("#key-decision"));
        var chosen = await fixture.ChooseKeyAsync(slug, member.Email);
        Assert.Equal((CredentialKind.Shared, key), (chosen.Value.Kind, chosen.Value.ApiKey));
    }

    [Fact]
    public async Task A_member_is_refused_the_shared_key_page_and_its_forms()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var member = await fixture.AddMemberAsync(owner, slug);

        var page = await member.GetAsync($"/t/{slug}/admin/shared-key");
        var posted = await member.PostAsync($"/t/{slug}/admin/shared-key?handler=SaveShared", [("Shared.Key", NewKey())], withAntiforgeryToken: true);
        var policy = await member.PostAsync($"/t/{slug}/admin/shared-key?handler=Policy", [("KeyPolicy.Policy", "PersonalOnly")], withAntiforgeryToken: true);

        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.Equal("You don't have access to this page", page.Heading);
        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (posted.Status, policy.Status));
        Assert.Empty(await fixture.Stored.CredentialsAsync(slug));
        Assert.Equal(KeyPolicy.PersonalFirst, (await fixture.Stored.TenantAsync(slug))!.KeyPolicy);
        Assert.False((await member.GetAsync($"/t/{slug}")).Has("#nav-shared-key"));
    }

    [Fact]
    public async Task Someone_outside_the_tenant_gets_not_found_for_the_shared_key_page()
    {
        var (_, slug) = await fixture.TenantWithOwnerAsync();
        var outsider = await fixture.SignUpAsync("outsider");

        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/t/{slug}/admin/shared-key")).Status);
        var posted = await outsider.PostAsync($"/t/{slug}/admin/shared-key?handler=SaveShared", [("Shared.Key", NewKey())], withAntiforgeryToken: true);
        Assert.Equal(HttpStatusCode.NotFound, posted.Status);
        Assert.Empty(await fixture.Stored.CredentialsAsync(slug));
    }

    [Fact]
    public async Task A_rejected_shared_key_is_not_stored_and_the_one_there_stays()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var key = NewKey();
        await owner.SetSharedKeyAsync(slug, key);

        var refused = await owner.TrySetTenantKeyAsync(slug, "Shared", "sk-or-v1-" + new string('e', 64));
        var malformed = await owner.TrySetTenantKeyAsync(slug, "Shared", "sk-or-v1-\nabc");

        Assert.Equal("OpenRouter rejected this key: it is unknown, disabled, deleted or expired there. Check that you copied the whole key.", refused.FieldError("Shared.Key"));
        Assert.Equal("The key contains spaces, line breaks or other invisible characters; copy it again from OpenRouter.", malformed.FieldError("Shared.Key"));
        Assert.Equal(Mask(key), refused.Text("#shared-key-mask"));
        Assert.Equal(Fingerprint(key), Assert.Single(await fixture.Stored.CredentialsAsync(slug)).Fingerprint);
    }

    [Fact]
    public async Task The_shared_key_can_be_saved_not_yet_verified_when_OpenRouter_cannot_be_reached()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var key = NewKey();
        HtmlPage saved;
        using (fixture.App.OpenRouterUnreachable())
        {
            var offered = await owner.TrySetTenantKeyAsync(slug, "Shared", key);
            Assert.Equal("We could not reach OpenRouter to check the key: no connection could be made.", offered.Text("#shared-unreachable div"));
            Assert.Empty(await fixture.Stored.CredentialsAsync(slug));
            Assert.DoesNotContain(key, offered.Document.DocumentElement.OuterHtml, StringComparison.Ordinal);

            saved = await owner.SubmitAsync(offered, "#save-shared-unverified", ("Shared.Key", key));
        }

        Assert.Equal("The shared key was saved without checking; it is marked \"not yet verified\".", saved.StatusMessage);
        Assert.Equal("Not yet verified", saved.Text("#shared-key-status"));
        Assert.Equal(KeyStatus.Unverified, Assert.Single(await fixture.Stored.CredentialsAsync(slug)).Status);
    }

    [Fact]
    public async Task A_management_key_is_not_saved_while_OpenRouter_cannot_be_reached()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var management = fixture.App.Simulator.CreateKey(new SimulatedKeyRequest("manager", Management: true)).Key;

        HtmlPage refused;
        using (fixture.App.OpenRouterUnreachable())
        {
            refused = await owner.TrySetTenantKeyAsync(slug, "Management", management);
        }

        Assert.Equal(
            "We could not reach OpenRouter to check the key: no connection could be made. Only OpenRouter can tell that it is a management key, so it was not saved; try again later.",
            refused.FieldError("Management.Key"));
        Assert.False(refused.Has("#save-shared-unverified"));
        Assert.Empty(await fixture.Stored.CredentialsAsync(slug));
    }

    [Fact]
    public async Task An_admin_checks_the_shared_key_again_and_sees_its_spend()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var key = fixture.App.Simulator.CreateKey(new SimulatedKeyRequest("shared", Limit: 3m));
        var page = await owner.SetSharedKeyAsync(slug, key.Key);

        var checkedAgain = await owner.SubmitAsync(page, "#check-shared-key");

        Assert.Equal("OpenRouter accepted the key; its details are up to date.", checkedAgain.StatusMessage);
        Assert.Equal(("$3.00", "$0.00"), (checkedAgain.Text("#shared-key-limit"), checkedAgain.Text("#shared-key-usage")));
    }

    [Fact]
    public async Task A_management_key_shows_the_remaining_credit_in_the_admins_navigation_bar()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var member = await fixture.AddMemberAsync(owner, slug);
        var account = NewAccount();
        fixture.App.Simulator.SetCredits(account, 12.34m);
        var management = fixture.App.Simulator.CreateKey(new SimulatedKeyRequest("manager", Management: true, Account: account)).Key;
        Assert.False((await owner.GetAsync($"/t/{slug}")).Has("#tenant-credit"));

        var saved = await owner.SetManagementKeyAsync(slug, management);

        Assert.Equal(Mask(management), saved.Text("#management-key-mask"));
        Assert.Equal("Credit: $12.34", saved.Text("#tenant-credit"));
        Assert.StartsWith("Remaining OpenRouter credit, checked ", saved.Get("#tenant-credit").GetAttribute("title"), StringComparison.Ordinal);
        Assert.StartsWith("Remaining OpenRouter credit: $12.34 (checked ", saved.Text("#credit-remaining"), StringComparison.Ordinal);
        Assert.False((await member.GetAsync($"/t/{slug}")).Has("#tenant-credit"));
        Assert.Equal(CredentialKind.Management, Assert.Single(await fixture.Stored.CredentialsAsync(slug)).Kind);
        // A management key never pays for calls.
        Assert.Equal(ErrorKind.Forbidden, (await fixture.ChooseKeyAsync(slug, member.Email)).Error!.Kind);

        var removed = await owner.SubmitAsync(saved, "#remove-management-key");

        Assert.Equal("The management key was removed.", removed.StatusMessage);
        Assert.False(removed.Has("#tenant-credit"));
        Assert.Null((await fixture.Stored.TenantAsync(slug))!.CreditRemaining);
    }

    [Fact]
    public async Task The_background_refresh_reads_the_credit_again_and_only_one_instance_at_a_time_does()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var account = NewAccount();
        fixture.App.Simulator.SetCredits(account, 50m);
        await owner.SetManagementKeyAsync(slug, fixture.App.Simulator.CreateKey(new SimulatedKeyRequest("manager", Management: true, Account: account)).Key);
        fixture.App.Simulator.SetCredits(account, 42.5m);
        var sweep = fixture.App.Services.GetRequiredService<CreditSweep>();

        // Just read: not due yet.
        await sweep.RunOnceAsync();
        Assert.Equal("Credit: $50.00", (await owner.GetAsync($"/t/{slug}")).Text("#tenant-credit"));

        using (fixture.Clock.Travel(TimeSpan.FromMinutes(10)))
        {
            // Another instance holds the round: this one skips it.
            await using (var otherInstance = await HoldAdvisoryLockAsync())
            {
                Assert.Null(await sweep.RunOnceAsync());
                Assert.Equal("Credit: $50.00", (await owner.GetAsync($"/t/{slug}")).Text("#tenant-credit"));
            }

            Assert.True(await sweep.RunOnceAsync() >= 1);
            Assert.Equal("Credit: $42.50", (await owner.GetAsync($"/t/{slug}")).Text("#tenant-credit"));
        }
    }

    [Fact]
    public async Task A_key_that_is_not_a_management_key_is_refused_as_one_and_a_management_key_as_the_shared_key()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var ordinary = NewKey();
        var management = fixture.App.Simulator.CreateKey(new SimulatedKeyRequest("manager", Management: true)).Key;

        var asManagement = await owner.TrySetTenantKeyAsync(slug, "Management", ordinary);
        var asShared = await owner.TrySetTenantKeyAsync(slug, "Shared", management);

        Assert.Equal(SaveTenantKeyHandler.NotAManagementKeyMessage, asManagement.FieldError("Management.Key"));
        Assert.Equal(SaveTenantKeyHandler.ManagementKeyAsSharedMessage, asShared.FieldError("Shared.Key"));
        Assert.Empty(await fixture.Stored.CredentialsAsync(slug));
        Assert.False(asShared.Has("#tenant-credit"));
    }

    [Fact]
    public async Task Shared_key_only_is_refused_while_there_is_no_shared_key_and_the_policy_stays()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();

        var refused = await owner.TrySetKeyPolicyAsync(slug, "SharedOnly");

        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Equal(SetKeyPolicyHandler.NoSharedKeyMessage, refused.FieldError("KeyPolicy.Policy"));
        Assert.Equal("PersonalFirst", refused.Get("#key-policy-form input[checked]").GetAttribute("value"));
        Assert.Equal(KeyPolicy.PersonalFirst, (await fixture.Stored.TenantAsync(slug))!.KeyPolicy);
    }

    [Fact]
    public async Task With_a_shared_key_an_admin_switches_to_shared_only_and_the_member_reads_it()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var member = await fixture.AddMemberAsync(owner, slug);
        var own = NewKey();
        var shared = NewKey();
        await member.SaveKeyAsync(slug, own);
        await owner.SetSharedKeyAsync(slug, shared);

        var switched = await owner.TrySetKeyPolicyAsync(slug, "SharedOnly");

        Assert.Equal("The key policy is now \"Shared key only\".", switched.StatusMessage);
        Assert.Equal("SharedOnly", switched.Get("#key-policy-form input[checked]").GetAttribute("value"));
        Assert.Equal(KeyPolicy.SharedOnly, (await fixture.Stored.TenantAsync(slug))!.KeyPolicy);
        var page = await member.GetAsync($"/t/{slug}/keys");
        Assert.Equal("This tenant uses only its shared key: your own key is not used here.", page.Text("#key-policy"));
        Assert.Equal($"The tenant's shared key ({Mask(shared)}) pays for your calls in this tenant.", page.Text("#key-decision"));
        Assert.Equal(shared, (await fixture.ChooseKeyAsync(slug, member.Email)).Value.ApiKey);
    }

    [Fact]
    public async Task Personal_keys_only_is_allowed_with_a_warning_about_members_without_a_key()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var member = await fixture.AddMemberAsync(owner, slug);
        await owner.SetSharedKeyAsync(slug, NewKey());

        var switched = await owner.TrySetKeyPolicyAsync(slug, "PersonalOnly");

        Assert.Equal("The key policy is now \"Personal keys only\". 2 of 2 members have not saved a key of their own here, so their calls are refused until they do.", switched.StatusMessage);
        var page = await member.GetAsync($"/t/{slug}/keys");
        Assert.Equal($"This tenant only allows personal keys, and you have not saved your own key at /t/{slug}/keys.", page.Text("#key-decision"));
        Assert.Equal(ErrorKind.Forbidden, (await fixture.ChooseKeyAsync(slug, member.Email)).Error!.Kind);
    }

    [Fact]
    public async Task A_member_whose_switch_is_off_cannot_use_the_shared_key()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var member = await fixture.AddMemberAsync(owner, slug);
        await owner.SetSharedKeyAsync(slug, NewKey());
        Assert.Equal(CredentialKind.Shared, (await fixture.ChooseKeyAsync(slug, member.Email)).Value.Kind);

        var members = await owner.SetSharedKeyAccessAsync(slug, member.Email, allowed: false);

        Assert.Equal("May not use", members.Text($"tr[data-member=\"{member.Email}\"] .shared-key-access"));
        Assert.False((await fixture.Stored.MembershipAsync(slug, member.Email))!.MayUseSharedKey);
        var page = await member.GetAsync($"/t/{slug}/keys");
        Assert.Equal("This tenant uses your own key first, then the shared key. You may not use the shared key in this tenant.", page.Text("#key-policy"));
        var expected = $"You have not saved your own key at /t/{slug}/keys, and you may not use the shared key in this tenant; ask an admin.";
        Assert.Equal(expected, page.Text("#key-decision"));
        var choice = await fixture.ChooseKeyAsync(slug, member.Email);
        Assert.Equal((ErrorKind.Forbidden, expected), (choice.Error!.Kind, choice.Error.Message));

        // With a key of their own the member is not affected by the switch.
        var own = NewKey();
        await member.SaveKeyAsync(slug, own);
        Assert.Equal(own, (await fixture.ChooseKeyAsync(slug, member.Email)).Value.ApiKey);

        await owner.SetSharedKeyAccessAsync(slug, member.Email, allowed: true);
        Assert.True((await fixture.Stored.MembershipAsync(slug, member.Email))!.MayUseSharedKey);
    }

    [Fact]
    public async Task Removing_the_shared_key_under_shared_only_is_allowed_and_warns_that_no_one_can_make_calls()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var page = await owner.SetSharedKeyAsync(slug, NewKey());
        await owner.TrySetKeyPolicyAsync(slug, "SharedOnly");
        page = await owner.GetAsync($"/t/{slug}/admin/shared-key");

        var removed = await owner.SubmitAsync(page, "#remove-shared-key");

        Assert.Equal("The shared key was removed. The key policy is \"shared key only\", so no one in this tenant can make calls until you set a new shared key.", removed.StatusMessage);
        Assert.Empty(await fixture.Stored.CredentialsAsync(slug));
        Assert.Equal($"This tenant only uses its shared key, and the shared key is not set; ask an admin to set it.", (await owner.GetAsync($"/t/{slug}/keys")).Text("#key-decision"));
    }

    [Fact]
    public async Task The_navigation_and_dashboard_lead_to_the_key_pages()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var member = await fixture.AddMemberAsync(owner, slug);

        var ownersDashboard = await owner.GetAsync($"/t/{slug}");
        var membersDashboard = await member.GetAsync($"/t/{slug}");

        Assert.Equal($"/t/{slug}/keys", membersDashboard.Href("#nav-my-key"));
        Assert.Equal($"/t/{slug}/keys", membersDashboard.Href("#my-key-link"));
        Assert.False(membersDashboard.Has("#shared-key-link"));
        Assert.Equal($"/t/{slug}/admin/shared-key", ownersDashboard.Href("#nav-shared-key"));
        Assert.Equal("Shared key", (await owner.GetAsync(ownersDashboard.Href("#shared-key-link"))).Heading);
        Assert.Equal("My OpenRouter key", (await member.GetAsync(membersDashboard.Href("#my-key-link"))).Heading);
    }

    private string NewKey(decimal? limit = null) => fixture.App.Simulator.CreateKey(new SimulatedKeyRequest("functional test", limit)).Key;

    private static string NewAccount() => "account-" + Guid.NewGuid().ToString("N")[..10];

    private async Task<IAsyncDisposable> HoldAdvisoryLockAsync()
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(fixture.ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection);
        command.Parameters.AddWithValue("key", CreditSweep.LockKey);
        await command.ExecuteScalarAsync();
        return new HeldLock(connection);
    }

    /// <summary>
    /// Another instance's round in progress. It lets go as that instance does at the end of its round: a closed session's
    /// locks are released only once its server process has ended, which the next statement must not race.
    /// </summary>
    private sealed class HeldLock(NpgsqlConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await using (var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", connection))
            {
                await unlock.ExecuteNonQueryAsync();
            }

            await connection.DisposeAsync();
        }
    }
}
