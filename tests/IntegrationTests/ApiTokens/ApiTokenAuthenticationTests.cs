using Microsoft.EntityFrameworkCore;
using OpenRouterSaaS.Application.ApiTokens.AuthenticateApiToken;
using OpenRouterSaaS.Application.Common.Security;
using OpenRouterSaaS.Domain.ApiTokens;
using OpenRouterSaaS.Domain.Tenants;
using OpenRouterSaaS.IntegrationTests.Infrastructure;
using OpenRouterSaaS.IntegrationTests.Tenancy;
using OpenRouterSaaS.Tests.Shared;

namespace OpenRouterSaaS.IntegrationTests.ApiTokens;

/// <summary>The gateway knows no tenant until the token names one: the token's hash finds it across tenants, and only a live token of a current member gets in.</summary>
public sealed class ApiTokenAuthenticationTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private readonly AdjustableClock _clock = new();

    [Fact]
    public async Task A_token_authenticates_as_its_owner_in_its_own_tenant_with_no_tenant_chosen_beforehand()
    {
        var t = await TwoTenants.CreateAsync(database);
        var (tokenOfA, plainOfA) = await database.AddApiTokenAsync(t.A, t.MemberOfA);
        var (tokenOfB, plainOfB) = await database.AddApiTokenAsync(t.B, t.OwnerOfB);

        var a = await AuthenticateAsync(plainOfA);
        var b = await AuthenticateAsync(plainOfB);

        Assert.Equal(new AuthenticatedApiToken(tokenOfA.Id, t.A.Id, t.A.Slug, t.MemberOfA.UserId, TenantRole.Member), a.Token);
        Assert.Equal(new AuthenticatedApiToken(tokenOfB.Id, t.B.Id, t.B.Slug, t.OwnerOfB.UserId, TenantRole.Owner), b.Token);
        Assert.Null(a.Rejection);
    }

    [Fact]
    public async Task The_token_decides_the_tenant_even_where_another_tenant_is_current()
    {
        var t = await TwoTenants.CreateAsync(database);
        var (tokenOfB, plainOfB) = await database.AddApiTokenAsync(t.B, t.MemberOfB);
        await using var scopeOfA = database.OpenScope(t.A);

        var result = await new ApiTokenAuthenticator(scopeOfA.Db, _clock).AuthenticateAsync(plainOfB);

        // The gateway compares this tenant with the one a request names, and refuses a token of another tenant.
        Assert.Equal((tokenOfB.Id, t.B.Id), (result.Token!.TokenId, result.Token.TenantId));
    }

    [Fact]
    public async Task A_revoked_token_is_refused()
    {
        var t = await TwoTenants.CreateAsync(database);
        var (_, plain) = await database.AddApiTokenAsync(t.A, t.MemberOfA, revoked: true);

        var result = await AuthenticateAsync(plain);

        AssertRefused(result, ApiTokenRejection.Revoked, "The API token was revoked.");
    }

    [Fact]
    public async Task An_expired_token_is_refused_from_the_moment_it_expires()
    {
        var t = await TwoTenants.CreateAsync(database);
        var expiresAt = _clock.GetUtcNow().AddMinutes(5);
        var (_, plain) = await database.AddApiTokenAsync(t.A, t.MemberOfA, expiresAt);

        Assert.True((await AuthenticateAsync(plain)).Succeeded, "The token was refused before it expired.");
        using (_clock.Travel(TimeSpan.FromMinutes(5)))
        {
            AssertRefused(await AuthenticateAsync(plain), ApiTokenRejection.Expired, "The API token has expired.");
        }
    }

    [Fact]
    public async Task The_token_of_a_member_who_was_removed_is_refused()
    {
        var t = await TwoTenants.CreateAsync(database);
        var (_, plain) = await database.AddApiTokenAsync(t.A, t.MemberOfA);
        await using (var scope = database.OpenScope(t.A))
        {
            scope.Db.Memberships.Remove(await scope.Db.Memberships.SingleAsync(membership => membership.Id == t.MemberOfA.Id));
            await scope.Db.SaveChangesAsync();
        }

        AssertRefused(await AuthenticateAsync(plain), ApiTokenRejection.NotAMember, "The API token's owner is no longer a member of its tenant.");
    }

    [Fact]
    public async Task A_member_who_was_removed_and_joined_again_does_not_get_the_old_tokens_back()
    {
        var t = await TwoTenants.CreateAsync(database);
        var (_, old) = await database.AddApiTokenAsync(t.A, t.MemberOfA);
        await using (var scope = database.OpenScope(t.A))
        {
            scope.Db.Memberships.Remove(await scope.Db.Memberships.SingleAsync(membership => membership.Id == t.MemberOfA.Id));
            scope.Db.Memberships.Add(new Membership(t.A.Id, t.MemberOfA.UserId, TenantRole.Member, TestData.Now.AddMinutes(1)));
            await scope.Db.SaveChangesAsync();
        }

        AssertRefused(await AuthenticateAsync(old), ApiTokenRejection.NotAMember, "The API token's owner is no longer a member of its tenant.");
    }

    [Fact]
    public async Task A_well_formed_token_that_does_not_exist_is_unknown()
    {
        var (plain, _) = OpaqueToken.Create(ApiTokenFormat.Prefix);

        AssertRefused(await AuthenticateAsync(plain), ApiTokenRejection.Unknown, "The API token is not valid.");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer ors_")]
    [InlineData("sk-or-v1-abc")]
    [InlineData("ors_' OR 1=1 --")]
    public async Task Anything_not_shaped_like_a_token_is_malformed(string? presented) =>
        AssertRefused(await AuthenticateAsync(presented), ApiTokenRejection.Malformed, "The API token is missing or malformed. Send it as \"Authorization: Bearer ors_...\".");

    [Fact]
    public async Task The_last_use_is_written_at_most_once_a_minute()
    {
        var t = await TwoTenants.CreateAsync(database);
        var (token, plain) = await database.AddApiTokenAsync(t.A, t.MemberOfA);
        var first = _clock.GetUtcNow();

        await AuthenticateAsync(plain);
        var afterFirst = (await database.FindApiTokenAsync(token.Id))!.LastUsedAt;
        using (_clock.Travel(TimeSpan.FromSeconds(30)))
        {
            await AuthenticateAsync(plain);
        }

        var afterSecond = (await database.FindApiTokenAsync(token.Id))!.LastUsedAt;
        using (_clock.Travel(TimeSpan.FromSeconds(61)))
        {
            await AuthenticateAsync(plain);
        }

        var afterThird = (await database.FindApiTokenAsync(token.Id))!.LastUsedAt;
        Assert.InRange(afterFirst!.Value, first, first.AddSeconds(5));
        Assert.Equal(afterFirst, afterSecond);
        Assert.InRange(afterThird!.Value, first.AddSeconds(61), first.AddSeconds(66));
    }

    [Fact]
    public async Task Recording_a_use_touches_that_token_only_and_no_other_tenants_row()
    {
        var t = await TwoTenants.CreateAsync(database);
        var (used, plain) = await database.AddApiTokenAsync(t.A, t.MemberOfA);
        var (sameOwner, _) = await database.AddApiTokenAsync(t.A, t.MemberOfA);
        var (ofB, _) = await database.AddApiTokenAsync(t.B, t.MemberOfB);

        Assert.True((await AuthenticateAsync(plain)).Succeeded);

        Assert.NotNull((await database.FindApiTokenAsync(used.Id))!.LastUsedAt);
        Assert.Null((await database.FindApiTokenAsync(sameOwner.Id))!.LastUsedAt);
        Assert.Null((await database.FindApiTokenAsync(ofB.Id))!.LastUsedAt);
    }

    [Fact]
    public async Task A_refused_token_is_not_marked_as_used()
    {
        var t = await TwoTenants.CreateAsync(database);
        var (revoked, plain) = await database.AddApiTokenAsync(t.A, t.MemberOfA, revoked: true);

        await AuthenticateAsync(plain);

        Assert.Null((await database.FindApiTokenAsync(revoked.Id))!.LastUsedAt);
    }

    private async Task<ApiTokenAuthentication> AuthenticateAsync(string? presented)
    {
        await using var scope = database.OpenScope();
        return await new ApiTokenAuthenticator(scope.Db, _clock).AuthenticateAsync(presented);
    }

    private static void AssertRefused(ApiTokenAuthentication result, ApiTokenRejection rejection, string message)
    {
        Assert.False(result.Succeeded);
        Assert.Equal(rejection, result.Rejection);
        Assert.Equal(message, result.Message);
    }
}
