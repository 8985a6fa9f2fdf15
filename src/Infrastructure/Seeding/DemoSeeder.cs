using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenRouterSaaS.Domain.Models;
using OpenRouterSaaS.Application.Common;
using OpenRouterSaaS.Application.Common.Security;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Keys;
using OpenRouterSaaS.Domain.ApiTokens;
using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.Domain.Secrets;
using OpenRouterSaaS.Domain.Tenants;
using OpenRouterSaaS.Infrastructure.Identity;
using OpenRouterSaaS.Infrastructure.Persistence;
using OpenRouterSaaS.Infrastructure.Tenancy;

namespace OpenRouterSaaS.Infrastructure.Seeding;

/// <summary>Demo settings: <c>Demo:Seed</c> turns seeding on; the rest name the demo people and tenant.</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    public bool Seed { get; set; }

    public string TenantSlug { get; set; } = "demo";

    public string TenantName { get; set; } = "Demo Company";

    public string OwnerEmail { get; set; } = "owner@demo.test";

    public string MemberEmail { get; set; } = "member@demo.test";

    public string Password { get; set; } = "";

    /// <summary>
    /// A personal API token (<c>ors_…</c>) for the demo member, made by ./run.sh and kept in .data/demo.env. Only its
    /// hash is stored; empty means no demo token.
    /// </summary>
    public string ApiToken { get; set; } = "";

    /// <summary>
    /// An OpenRouter key for the demo tenant's shared key, so the demo member's calls are paid for (./run.sh passes the
    /// simulator's demo key). Stored encrypted when the tenant has no shared key yet; never logged. Empty means none.
    /// </summary>
    public string SharedKey { get; set; } = "";
}

/// <summary>
/// Creates the demo tenant with an owner, a member, the member's API token and a shared key the member may use, once;
/// running it again changes nothing.
/// </summary>
public static class DemoSeeder
{
    public static async Task SeedAsync(IServiceProvider services, IConfiguration configuration, CancellationToken cancellationToken = default)
    {
        var options = configuration.GetSection(DemoOptions.Section).Get<DemoOptions>() ?? new DemoOptions();
        if (!options.Seed)
        {
            return;
        }

        if (string.IsNullOrEmpty(options.Password))
        {
            throw new InvalidOperationException("Demo:Seed is on but Demo:Password is empty; set a demo password.");
        }

        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        var users = provider.GetRequiredService<UserManager<ApplicationUser>>();
        var db = provider.GetRequiredService<AppDbContext>();
        var clock = provider.GetRequiredService<TimeProvider>();
        var logger = provider.GetRequiredService<ILogger<DemoOptions>>();

        var owner = await EnsureUserAsync(users, options.OwnerEmail, "Demo Owner", options.Password);
        var member = await EnsureUserAsync(users, options.MemberEmail, "Demo Member", options.Password);

        var tenant = await db.Tenants.SingleOrDefaultAsync(tenant => tenant.Slug == options.TenantSlug, cancellationToken);
        var now = clock.GetUtcNow();
        if (tenant is null)
        {
            tenant = new Tenant(options.TenantSlug, options.TenantName, now);
            provider.GetRequiredService<TenantContext>().Enter(tenant.Id, tenant.Slug, role: null);
            db.Tenants.Add(tenant);
            db.Memberships.Add(new Membership(tenant.Id, owner.Id, TenantRole.Owner, now));
            db.Memberships.Add(new Membership(tenant.Id, member.Id, TenantRole.Member, now));
            db.ModelAllowLists.Add(ModelAllowList.CreateDefault(tenant.Id, now));
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Seeded the demo tenant {Slug}", tenant.Slug);
        }
        else
        {
            provider.GetRequiredService<TenantContext>().Enter(tenant.Id, tenant.Slug, role: null);
        }

        await EnsureApiTokenAsync(db, options, tenant, member, now, logger, cancellationToken);
        await EnsureSharedKeyAsync(provider, db, options, tenant, member, logger, cancellationToken);
    }

    /// <summary>
    /// Stores <see cref="DemoOptions.SharedKey"/> as the tenant's shared key, checked with OpenRouter, and lets the demo
    /// member use it; unless the tenant has a shared key already (an admin's choice stands).
    /// </summary>
    private static async Task EnsureSharedKeyAsync(
        IServiceProvider provider, AppDbContext db, DemoOptions options, Tenant tenant, ApplicationUser member, ILogger logger, CancellationToken cancellationToken)
    {
        var key = options.SharedKey;
        if (string.IsNullOrEmpty(key))
        {
            return;
        }

        if (OpenRouterKeyFormat.Problem(key) is { } problem)
        {
            throw new InvalidOperationException($"Demo:SharedKey is not an OpenRouter key: {problem}");
        }

        if (await db.OpenRouterCredentials.AnyAsync(credential => credential.Kind == CredentialKind.Shared, cancellationToken))
        {
            return;
        }

        var clock = provider.GetRequiredService<TimeProvider>();
        var verification = await KeyVerification.AskAsync(provider.GetRequiredService<IKeyDetailsSource>(), key, clock, cancellationToken);
        if (verification.Verdict == KeyVerdict.Rejected || verification.IsManagementKey)
        {
            logger.LogWarning("OpenRouter refused Demo:SharedKey as a key that pays for calls; the demo tenant has no shared key");
            return;
        }

        var id = Guid.CreateVersion7();
        var encrypted = provider.GetRequiredService<ISecretProtector>().Protect(key, new SecretBinding(tenant.Id, null, id));
        var now = clock.GetUtcNow();
        db.OpenRouterCredentials.Add(new OpenRouterCredential(id, tenant.Id, CredentialKind.Shared, null, encrypted,
            OpenRouterKeyFormat.Mask(key), OpenRouterKeyFormat.Fingerprint(key), verification.Check ?? KeyCheck.NotYetVerified(), expiresOn: null, now));
        var membership = await db.Memberships.SingleOrDefaultAsync(row => row.UserId == member.Id, cancellationToken);
        membership?.AllowSharedKey(true);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Stored the demo tenant's shared key {Mask}", OpenRouterKeyFormat.Mask(key));
    }

    /// <summary>Stores the hash of the demo member's token, unless it is stored already; the token itself never reaches the database or the log.</summary>
    private static async Task EnsureApiTokenAsync(
        AppDbContext db, DemoOptions options, Tenant tenant, ApplicationUser member, DateTimeOffset now, ILogger logger, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(options.ApiToken))
        {
            return;
        }

        if (!ApiTokenFormat.IsWellFormed(options.ApiToken))
        {
            throw new InvalidOperationException("Demo:ApiToken must be \"ors_\" followed by 43 base64url characters (32 random bytes); ./run.sh makes one.");
        }

        var hash = OpaqueToken.Hash(options.ApiToken);
        if (await db.ApiTokens.IgnoreQueryFilters([QueryFilters.Tenant]).AnyAsync(token => token.TokenHash == hash, cancellationToken))
        {
            return;
        }

        if (!await db.Memberships.AnyAsync(membership => membership.UserId == member.Id, cancellationToken))
        {
            logger.LogWarning("The demo member {Email} is no longer in the demo tenant; no demo API token was stored", member.Email);
            return;
        }

        db.ApiTokens.Add(new ApiToken(tenant.Id, member.Id, "Demo token", hash, options.ApiToken[^ApiToken.HintLength..], now, expiresAt: null));
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Stored the hash of the demo member's API token");
    }

    private static async Task<ApplicationUser> EnsureUserAsync(UserManager<ApplicationUser> users, string email, string displayName, string password)
    {
        if (await users.FindByEmailAsync(email) is { } existing)
        {
            // The printed demo password must keep working, even when it was generated anew.
            if (!await users.CheckPasswordAsync(existing, password))
            {
                var token = await users.GeneratePasswordResetTokenAsync(existing);
                Ensure(await users.ResetPasswordAsync(existing, token, password), email);
            }

            return existing;
        }

        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName, CreatedAt = DateTimeOffset.UtcNow };
        Ensure(await users.CreateAsync(user, password), email);
        return user;
    }

    private static void Ensure(IdentityResult result, string email)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not set up the demo user {email}: {string.Join(" ", result.Errors.Select(error => error.Description))}");
        }
    }
}
