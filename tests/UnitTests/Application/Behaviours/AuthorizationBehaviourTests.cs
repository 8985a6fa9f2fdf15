using Mediator;
using OpenRouterSaaS.Application.Common.Behaviours;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Invitations.AcceptInvitation;
using OpenRouterSaaS.Application.Invitations.GetInvitation;
using OpenRouterSaaS.Application.Members.ChangeMemberRole;
using OpenRouterSaaS.Application.Members.LeaveTenant;
using OpenRouterSaaS.Application.Tenants.DeleteTenant;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Tenants;
using OpenRouterSaaS.UnitTests.Fakes;

namespace OpenRouterSaaS.UnitTests.Application.Behaviours;

/// <summary>Runs real requests through the behaviour, so these tests also pin the attribute each request carries.</summary>
public sealed class AuthorizationBehaviourTests
{
    private int _handlerCalls;

    [Fact]
    public async Task A_request_without_attributes_is_open_to_anyone()
    {
        var result = await Send(new GetInvitationQuery("token"), FakeCurrentUser.Anonymous, FakeTenantContext.None, Result<InvitationDetails>.Failure(Error.NotFound("from the handler")));

        Assert.Equal(1, _handlerCalls);
        Assert.Equal("from the handler", result.Error!.Message);
    }

    [Fact]
    public async Task A_signed_in_request_from_an_anonymous_visitor_is_forbidden_without_running_the_handler()
    {
        var result = await Send(new AcceptInvitationCommand("token"), FakeCurrentUser.Anonymous, FakeTenantContext.None, Result<string>.Success("acme"));

        Assert.Equal(0, _handlerCalls);
        AssertError(result, ErrorKind.Forbidden, "Sign in first.");
    }

    [Fact]
    public async Task A_signed_in_request_needs_no_tenant()
    {
        var result = await Send(new AcceptInvitationCommand("token"), FakeCurrentUser.SignedIn, FakeTenantContext.None, Result<string>.Success("acme"));

        Assert.Equal(1, _handlerCalls);
        Assert.Equal("acme", result.Value);
    }

    [Fact]
    public async Task A_tenant_request_from_an_anonymous_visitor_asks_to_sign_in()
    {
        var result = await Send(new LeaveTenantCommand(), FakeCurrentUser.Anonymous, FakeTenantContext.As(TenantRole.Owner), Result.Success());

        Assert.Equal(0, _handlerCalls);
        AssertError(result, ErrorKind.Forbidden, "Sign in first.");
    }

    [Fact]
    public async Task A_tenant_request_outside_any_tenant_is_not_found_so_tenants_are_not_revealed()
    {
        var result = await Send(new LeaveTenantCommand(), FakeCurrentUser.SignedIn, FakeTenantContext.None, Result.Success());

        Assert.Equal(0, _handlerCalls);
        AssertError(result, ErrorKind.NotFound, "Tenant not found.");
    }

    [Fact]
    public async Task A_tenant_request_from_someone_without_a_role_there_is_not_found()
    {
        var result = await Send(new LeaveTenantCommand(), FakeCurrentUser.SignedIn, FakeTenantContext.As(role: null), Result.Success());

        Assert.Equal(0, _handlerCalls);
        AssertError(result, ErrorKind.NotFound, "Tenant not found.");
    }

    [Fact]
    public async Task A_member_may_not_do_what_needs_an_admin()
    {
        var result = await Send(new ChangeMemberRoleCommand(Guid.CreateVersion7(), TenantRole.Admin), FakeCurrentUser.SignedIn, FakeTenantContext.As(TenantRole.Member), Result.Success());

        Assert.Equal(0, _handlerCalls);
        AssertError(result, ErrorKind.Forbidden, "This needs the Admin role in this tenant; you are a Member.");
    }

    [Theory]
    [InlineData(TenantRole.Member)]
    [InlineData(TenantRole.Admin)]
    public async Task Only_an_owner_may_delete_the_tenant(TenantRole role)
    {
        var result = await Send(new DeleteTenantCommand("acme"), FakeCurrentUser.SignedIn, FakeTenantContext.As(role), Result.Success());

        Assert.Equal(0, _handlerCalls);
        Assert.Equal(ErrorKind.Forbidden, result.Error!.Kind);
    }

    [Theory]
    [InlineData(TenantRole.Admin)]
    [InlineData(TenantRole.Owner)]
    public async Task An_admin_or_higher_may_change_roles(TenantRole role)
    {
        var result = await Send(new ChangeMemberRoleCommand(Guid.CreateVersion7(), TenantRole.Member), FakeCurrentUser.SignedIn, FakeTenantContext.As(role), Result.Success());

        Assert.Equal(1, _handlerCalls);
        Assert.True(result.IsSuccess);
    }

    [Theory]
    [InlineData(TenantRole.Member)]
    [InlineData(TenantRole.Admin)]
    [InlineData(TenantRole.Owner)]
    public async Task Every_role_includes_the_member_role(TenantRole role)
    {
        await Send(new LeaveTenantCommand(), FakeCurrentUser.SignedIn, FakeTenantContext.As(role), Result.Success());

        Assert.Equal(1, _handlerCalls);
    }

    private async Task<TResponse> Send<TMessage, TResponse>(TMessage message, ICurrentUser user, ITenantContext tenant, TResponse handlerAnswer)
        where TMessage : notnull, IMessage
    {
        var behaviour = new AuthorizationBehaviour<TMessage, TResponse>(user, tenant);
        return await behaviour.Handle(message, (_, _) =>
        {
            _handlerCalls++;
            return ValueTask.FromResult(handlerAnswer);
        }, CancellationToken.None);
    }

    private static void AssertError(Result result, ErrorKind kind, string message)
    {
        Assert.False(result.IsSuccess);
        Assert.Equal(kind, result.Error!.Kind);
        Assert.Equal(message, result.Error.Message);
    }
}
