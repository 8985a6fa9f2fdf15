using System.Net;
using OpenRouterSaaS.FunctionalTests.Infrastructure;

namespace OpenRouterSaaS.FunctionalTests.Tenants;

/// <summary>The owner renames the tenant, or deletes it after typing its slug.</summary>
public sealed class TenantSettingsTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task The_owner_renames_the_tenant_and_everyone_sees_the_new_name()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var member = await fixture.AddMemberAsync(owner, slug);
        var settings = await owner.GetAsync($"/t/{slug}/owner/settings");
        Assert.Equal($"Tenant {slug}", settings.FieldValue("Rename.Name"));

        var saved = await owner.SubmitAsync(settings, "#rename-submit", ("Rename.Name", "Renamed Ltd"));

        Assert.Equal($"/t/{slug}/owner/settings", saved.Path);
        Assert.Equal("The tenant's name was saved.", saved.StatusMessage);
        Assert.Equal("Renamed Ltd", saved.FieldValue("Rename.Name"));
        Assert.Equal("Renamed Ltd", (await member.GetAsync($"/t/{slug}")).Text("#tenant-name"));
        Assert.Equal(slug, (await fixture.Stored.TenantAsync(slug))?.Slug);
    }

    [Fact]
    public async Task An_empty_name_is_refused_and_the_old_name_stays()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var settings = await owner.GetAsync($"/t/{slug}/owner/settings");

        var refused = await owner.SubmitAsync(settings, "#rename-submit", ("Rename.Name", " "));

        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Equal("Enter a name for the tenant.", refused.FieldError("Rename.Name"));
        Assert.Equal($"Tenant {slug}", (await fixture.Stored.TenantAsync(slug))?.Name);
    }

    [Fact]
    public async Task Deleting_with_the_wrong_slug_is_refused_and_the_tenant_stays()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var member = await fixture.AddMemberAsync(owner, slug);
        var settings = await owner.GetAsync($"/t/{slug}/owner/settings");

        var refused = await owner.SubmitAsync(settings, "#delete-submit", ("Delete.ConfirmSlug", slug.ToUpperInvariant()));

        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Equal($"Type the tenant's slug, {slug}, exactly to confirm.", refused.FieldError("Delete.ConfirmSlug"));
        Assert.NotNull(await fixture.Stored.TenantAsync(slug));
        Assert.Equal(2, await fixture.Stored.MemberCountAsync(slug));
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync($"/t/{slug}")).Status);
    }

    [Fact]
    public async Task Deleting_with_the_right_slug_removes_the_tenant_for_everyone()
    {
        var (owner, slug) = await fixture.TenantWithOwnerAsync();
        var member = await fixture.AddMemberAsync(owner, slug);
        var tenantId = (await fixture.Stored.TenantAsync(slug))!.Id;
        var settings = await owner.GetAsync($"/t/{slug}/owner/settings");

        var deleted = await owner.SubmitAsync(settings, "#delete-submit", ("Delete.ConfirmSlug", slug));

        Assert.Equal("/tenants", deleted.Path);
        Assert.Equal($"The tenant {slug} was deleted.", deleted.StatusMessage);
        Assert.False(deleted.Has("#tenant-list"));
        Assert.Null(await fixture.Stored.TenantAsync(slug));
        Assert.Equal(0, await fixture.Stored.MembershipsOfTenantIdAsync(tenantId));
        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync($"/t/{slug}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/t/{slug}/owner/settings")).Status);
    }
}
