using FluentValidation;
using Mediator;
using OpenRouterSaaS.Application.Common.Behaviours;
using OpenRouterSaaS.Application.Invitations.CreateInvitation;
using OpenRouterSaaS.Application.Members.ChangeMemberRole;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.UnitTests.Application.Behaviours;

public sealed class ValidationBehaviourTests
{
    private static readonly CreatedInvitation Created = new(Guid.CreateVersion7(), "https://example.test/invitations/x", DateTimeOffset.UnixEpoch);

    private int _handlerCalls;

    [Fact]
    public async Task Valid_input_reaches_the_handler_and_its_answer_comes_back()
    {
        var behaviour = new ValidationBehaviour<CreateInvitationCommand, Result<CreatedInvitation>>([new CreateInvitationValidator()]);

        var result = await behaviour.Handle(new CreateInvitationCommand("ada@example.test", TenantRole.Member), Handler(Created), CancellationToken.None);

        Assert.Equal(1, _handlerCalls);
        Assert.Same(Created, result.Value);
    }

    [Fact]
    public async Task Invalid_input_becomes_an_Invalid_result_with_field_errors_and_the_handler_never_runs()
    {
        var behaviour = new ValidationBehaviour<CreateInvitationCommand, Result<CreatedInvitation>>([new CreateInvitationValidator()]);

        var result = await behaviour.Handle(new CreateInvitationCommand("not-an-address", TenantRole.Member), Handler(Created), CancellationToken.None);

        Assert.Equal(0, _handlerCalls);
        Assert.False(result.IsSuccess);
        Assert.Equal(ErrorKind.Invalid, result.Error!.Kind);
        Assert.Equal("Enter a valid email address, such as name@example.com.", result.Error.Message);
        var field = Assert.Single(result.Error.FieldErrors!);
        Assert.Equal("Email", field.Key);
        Assert.Equal(["Enter a valid email address, such as name@example.com."], field.Value);
    }

    [Fact]
    public async Task Several_failures_are_summarised_and_each_field_keeps_its_own_messages()
    {
        var behaviour = new ValidationBehaviour<CreateInvitationCommand, Result<CreatedInvitation>>([new CreateInvitationValidator()]);

        var result = await behaviour.Handle(new CreateInvitationCommand("nope", (TenantRole)9), Handler(Created), CancellationToken.None);

        Assert.Equal(0, _handlerCalls);
        var error = result.Error!;
        Assert.StartsWith("Some fields need attention: ", error.Message, StringComparison.Ordinal);
        Assert.Equal(["Enter a valid email address, such as name@example.com."], error.FieldErrors!["Email"]);
        Assert.Equal(["Choose Owner, Admin or Member."], error.FieldErrors["Role"]);
    }

    [Fact]
    public async Task Failures_of_every_validator_are_collected_without_repeating_a_message()
    {
        var duplicate = new InlineValidator<CreateInvitationCommand>();
        duplicate.RuleFor(command => command.Email).EmailAddress().WithMessage("Enter a valid email address, such as name@example.com.");
        var extra = new InlineValidator<CreateInvitationCommand>();
        extra.RuleFor(command => command.Email).Must(email => email.EndsWith(".test", StringComparison.Ordinal)).WithMessage("Use a test address.");
        var behaviour = new ValidationBehaviour<CreateInvitationCommand, Result<CreatedInvitation>>([new CreateInvitationValidator(), duplicate, extra]);

        var result = await behaviour.Handle(new CreateInvitationCommand("nope", TenantRole.Member), Handler(Created), CancellationToken.None);

        Assert.Equal(["Enter a valid email address, such as name@example.com.", "Use a test address."], result.Error!.FieldErrors!["Email"]);
    }

    [Fact]
    public async Task A_request_answered_with_a_plain_Result_gets_an_Invalid_Result()
    {
        var behaviour = new ValidationBehaviour<ChangeMemberRoleCommand, Result>([new ChangeMemberRoleValidator()]);

        var result = await behaviour.Handle(new ChangeMemberRoleCommand(Guid.CreateVersion7(), (TenantRole)42), Handler(Result.Success()), CancellationToken.None);

        Assert.Equal(0, _handlerCalls);
        Assert.Equal(ErrorKind.Invalid, result.Error!.Kind);
        Assert.Equal(["Choose Owner, Admin or Member."], result.Error.FieldErrors!["Role"]);
    }

    [Fact]
    public async Task A_request_without_validators_goes_straight_to_the_handler()
    {
        var behaviour = new ValidationBehaviour<ChangeMemberRoleCommand, Result>([]);

        var result = await behaviour.Handle(new ChangeMemberRoleCommand(Guid.CreateVersion7(), (TenantRole)42), Handler(Result.Success()), CancellationToken.None);

        Assert.Equal(1, _handlerCalls);
        Assert.True(result.IsSuccess);
    }

    [Fact]
    public async Task Invalid_input_for_a_request_that_does_not_answer_with_a_Result_is_a_programming_error()
    {
        var validator = new InlineValidator<Ping>();
        validator.RuleFor(ping => ping.Text).NotEmpty();
        var behaviour = new ValidationBehaviour<Ping, string>([validator]);

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await behaviour.Handle(new Ping(""), Handler("pong"), CancellationToken.None));
        Assert.Equal(0, _handlerCalls);
    }

    private MessageHandlerDelegate<TMessage, TResponse> Handler<TMessage, TResponse>(TResponse response)
        where TMessage : notnull, IMessage =>
        (_, _) =>
        {
            _handlerCalls++;
            return ValueTask.FromResult(response);
        };

    private MessageHandlerDelegate<CreateInvitationCommand, Result<CreatedInvitation>> Handler(CreatedInvitation response) =>
        Handler<CreateInvitationCommand, Result<CreatedInvitation>>(response);

    private MessageHandlerDelegate<ChangeMemberRoleCommand, Result> Handler(Result response) =>
        Handler<ChangeMemberRoleCommand, Result>(response);

    private MessageHandlerDelegate<Ping, string> Handler(string response) => Handler<Ping, string>(response);

    public sealed record Ping(string Text) : IRequest<string>;
}
