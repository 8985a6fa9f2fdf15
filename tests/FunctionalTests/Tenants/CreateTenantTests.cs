using System.Net;
using OpenRouterSaaS.FunctionalTests.Infrastructure;

namespace OpenRouterSaaS.FunctionalTests.Tenants;

/// <summary>A slug that cannot be used is explained next to the field, and nothing is created.</summary>
public sealed class CreateTenantTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private const string BadShape = "Use only lowercase letters, digits and single hyphens, starting and ending with a letter or digit.";
    private const string BadLength = "The slug must be 3 to 40 characters long.";

    public static TheoryData<string, string> UnusableSlugs => new()
    {
        { "Bad Slug!", BadShape },
        { "-leading-hyphen", BadShape },
        { "double--hyphen", BadShape },
        { "ab", BadLength },
        { new string('a', 41), BadLength },
        { "", "Enter a slug." },
        { "admin", "\"admin\" is reserved; choose another slug." },
        { "api", "\"api\" is reserved; choose another slug." },
    };

    [Theory]
    [MemberData(nameof(UnusableSlugs))]
    public async Task An_unusable_slug_is_explained_and_nothing_is_created(string slug, string message)
    {
        var person = await fixture.SignUpAsync();
        var name = "Unusable " + Unique.Slug();

        var page = await person.TryCreateTenantAsync(name, slug);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("/tenants/new", page.Path);
        Assert.Equal(message, page.FieldError("Input.Slug"));
        Assert.Equal("", page.FieldError("Input.Name"));
        // What the person typed is still there to correct.
        Assert.Equal(name, page.FieldValue("Input.Name"));
        Assert.Equal(0, await fixture.Stored.TenantsNamedAsync(name));
        Assert.False((await person.GetAsync("/tenants")).Has("#tenant-list"));
    }

    [Fact]
    public async Task A_slug_someone_else_took_is_explained_and_the_existing_tenant_is_untouched()
    {
        var (_, slug) = await fixture.TenantWithOwnerAsync();
        var latecomer = await fixture.SignUpAsync("latecomer");

        var page = await latecomer.TryCreateTenantAsync("Copycat", slug);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("This slug is already taken; choose another.", page.FieldError("Input.Slug"));
        Assert.Equal($"Tenant {slug}", (await fixture.Stored.TenantAsync(slug))?.Name);
        Assert.Equal(1, await fixture.Stored.MemberCountAsync(slug));
        Assert.Null(await fixture.Stored.RoleAsync(slug, latecomer.Email));
        Assert.Equal(0, await fixture.Stored.TenantsNamedAsync("Copycat"));
    }

    [Fact]
    public async Task A_missing_name_is_explained_next_to_the_name()
    {
        var person = await fixture.SignUpAsync();
        var slug = Unique.Slug();

        var page = await person.TryCreateTenantAsync("   ", slug);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("Enter a name for the tenant.", page.FieldError("Input.Name"));
        Assert.Equal(slug, page.FieldValue("Input.Slug"));
        Assert.Null(await fixture.Stored.TenantAsync(slug));
    }

    [Fact]
    public async Task Someone_not_signed_in_is_sent_to_sign_in_before_creating_a_tenant()
    {
        var page = await fixture.Visitor().GetAsync("/tenants/new");

        Assert.True(page.IsAt("/Identity/Account/Login"));
    }
}
