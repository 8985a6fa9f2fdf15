using System.Net;
using OpenRouterSaaS.Domain.Tenants;
using OpenRouterSaaS.FunctionalTests.Infrastructure;

namespace OpenRouterSaaS.FunctionalTests.Tenants;

/// <summary>A new person's first minutes: an account, a confirmed address, a tenant of their own.</summary>
public sealed class GettingStartedTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task A_new_person_registers_confirms_signs_in_and_creates_a_tenant_they_own()
    {
        var person = fixture.Visitor("founder");

        var checkEmail = await person.RegisterAsync();
        Assert.Equal(person.Email, checkEmail.Text("#confirmation-email"));
        // Without a mail server the page shows the emailed link itself.
        Assert.Equal(person.LatestEmailLink(), checkEmail.Href("#confirm-link"));

        var confirmed = await person.GetAsync(checkEmail.Href("#confirm-link"));
        Assert.Equal("Email confirmed", confirmed.Heading);
        var signedIn = await person.SignInAsync();
        // Signed in, the start page is the list of their tenants.
        Assert.Equal("/tenants", signedIn.Path);

        var slug = Unique.Slug("acme");
        var dashboard = await person.CreateTenantAsync("Acme Research", slug);

        Assert.Equal(HttpStatusCode.OK, dashboard.Status);
        Assert.Equal("Acme Research", dashboard.Text("#tenant-name"));
        Assert.Equal("You are an Owner", dashboard.Text("#my-role"));
        Assert.Equal("1", dashboard.Text("#member-count"));
        Assert.Equal(TenantRole.Owner, await fixture.Stored.RoleAsync(slug, person.Email));
    }

    [Fact]
    public async Task My_tenants_and_the_tenant_switcher_list_every_tenant_the_person_belongs_to()
    {
        var person = await fixture.SignUpAsync();
        var first = Unique.Slug("first");
        var second = Unique.Slug("second");
        await person.CreateTenantAsync("First Co", first);
        await person.CreateTenantAsync("Second Co", second);

        var myTenants = await person.GetAsync("/tenants");
        Assert.Equal(
            [$"First Co /t/{first} Owner", $"Second Co /t/{second} Owner"],
            myTenants.Texts("#tenant-list a"));

        var dashboard = await person.GetAsync($"/t/{first}");
        Assert.Equal("First Co", dashboard.Text("#tenant-switcher"));
        var switcher = dashboard.Get("[aria-labelledby=\"tenant-switcher\"]");
        Assert.NotNull(switcher.QuerySelector($"a[href=\"/t/{first}\"].active"));
        Assert.NotNull(switcher.QuerySelector($"a[href=\"/t/{second}\"]"));
    }

    [Fact]
    public async Task Someone_with_no_tenant_is_offered_to_create_one()
    {
        var person = await fixture.SignUpAsync();

        var myTenants = await person.GetAsync("/tenants");

        Assert.False(myTenants.Has("#tenant-list"));
        Assert.Contains("You don't belong to a tenant yet", myTenants.Text("main"));
        Assert.Equal("Choose a tenant", myTenants.Text("#tenant-switcher"));
    }
}
