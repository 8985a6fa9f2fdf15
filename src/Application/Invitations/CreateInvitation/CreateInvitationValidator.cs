using FluentValidation;

namespace OpenRouterSaaS.Application.Invitations.CreateInvitation;

public sealed class CreateInvitationValidator : AbstractValidator<CreateInvitationCommand>
{
    public const int EmailMaxLength = 256;

    public CreateInvitationValidator()
    {
        RuleFor(command => command.Email)
            .Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("Enter the email address of the person to invite.")
            .MaximumLength(EmailMaxLength).WithMessage($"An email address can be at most {EmailMaxLength} characters long.")
            .EmailAddress().WithMessage("Enter a valid email address, such as name@example.com.");
        RuleFor(command => command.Role).IsInEnum().WithMessage("Choose Owner, Admin or Member.");
    }
}
