using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OpenRouterSaaS.Application.ApiTokens.AuthenticateApiToken;
using OpenRouterSaaS.FunctionalTests.Infrastructure;
using OpenRouterSaaS.Tests.Shared;
using static OpenRouterSaaS.FunctionalTests.Gateway.GatewayKit;

namespace OpenRouterSaaS.FunctionalTests.Gateway;

/// <summary>
/// A change that lands while the gateway is reading a caller, between checking the token and reading the tenant's
/// settings, is not remembered as allowed: the next call sees it.
/// </summary>
public sealed class CallerMemoryRaceTests(AuthenticationHookFixture fixture) : IClassFixture<AuthenticationHookFixture>
{
    [Fact]
    public async Task A_token_revoked_just_after_the_gateway_checked_it_is_refused_on_the_next_call()
    {
        var tenant = await fixture.TenantReadyToCallAsync(sharedKey: true);
        var revoked = fixture.Hook.AfterNextAuthentication(() => tenant.Owner.RevokeApiTokenAsync(tenant.Slug, "laptop"));

        using var during = await fixture.ChatAsync(tenant.Token, Chat(Paid, "Revoked while I ask"));
        Assert.True(revoked.IsCompletedSuccessfully, "The token was not revoked while the first call was being authenticated.");
        Assert.Contains(during.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Unauthorized });

        using var after = await fixture.ChatAsync(tenant.Token, Chat(Paid, "And after?"));
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal((401, "The API token was revoked."), await ErrorOf(after));
        var rows = await fixture.SettledUsageAsync(tenant.Slug);
        Assert.Equal(during.StatusCode == HttpStatusCode.OK ? 1 : 0, rows.Count);
    }
}

/// <summary>An app with the simulator's catalogue whose API token checks can run a step of the test right after one succeeds.</summary>
public sealed class AuthenticationHookFixture : AppFixture
{
    public AuthenticationHookFixture()
        : this(new AuthenticationHook())
    {
    }

    private AuthenticationHookFixture(AuthenticationHook hook)
        : base(hook.AddTo, catalogue: new FakeModelCatalogueSource())
    {
        Hook = hook;
    }

    public AuthenticationHook Hook { get; }
}

/// <summary>Runs a step once, right after the next API token check that succeeds, before the gateway goes on.</summary>
public sealed class AuthenticationHook
{
    private Step? _next;

    public void AddTo(IServiceCollection services) =>
        services.AddScoped<IApiTokenAuthenticator>(provider => new Hooked(ActivatorUtilities.CreateInstance<ApiTokenAuthenticator>(provider), this));

    /// <summary>Runs <paramref name="step"/> after the next successful check; the returned task ends when it has run.</summary>
    public Task AfterNextAuthentication(Func<Task> step)
    {
        var next = new Step(step);
        _next = next;
        return next.Done.Task;
    }

    private async Task RunNextAsync()
    {
        if (Interlocked.Exchange(ref _next, null) is not { } next)
        {
            return;
        }

        try
        {
            await next.Run();
            next.Done.SetResult();
        }
        catch (Exception failure)
        {
            next.Done.SetException(failure);
        }
    }

    private sealed record Step(Func<Task> Run)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class Hooked(ApiTokenAuthenticator inner, AuthenticationHook hook) : IApiTokenAuthenticator
    {
        public async Task<ApiTokenAuthentication> AuthenticateAsync(string? presented, CancellationToken cancellationToken = default) =>
            await AfterAsync(await inner.AuthenticateAsync(presented, cancellationToken));

        public async Task<ApiTokenAuthentication> AuthenticateHashAsync(byte[] hash, CancellationToken cancellationToken = default) =>
            await AfterAsync(await inner.AuthenticateHashAsync(hash, cancellationToken));

        private async Task<ApiTokenAuthentication> AfterAsync(ApiTokenAuthentication authentication)
        {
            if (authentication.Succeeded)
            {
                await hook.RunNextAsync();
            }

            return authentication;
        }
    }
}
