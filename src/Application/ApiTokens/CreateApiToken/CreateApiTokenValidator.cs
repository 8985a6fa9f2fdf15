using FluentValidation;
using OpenRouterSaaS.Domain.ApiTokens;
using OpenRouterSaaS.Domain.Audit;

namespace OpenRouterSaaS.Application.ApiTokens.CreateApiToken;

public sealed class CreateApiTokenValidator : AbstractValidator<CreateApiTokenCommand>
{
    public const string NameRequiredMessage = "Enter a name for the token, such as the program or machine that will use it.";
    public const string NameTooLongMessage = "A token's name can be at most 100 characters long.";
    public const string NameControlCharactersMessage = "A token's name cannot contain line breaks, tabs or other control characters.";
    public const string NameLooksSecretMessage = "A token's name must not contain a token or a key; choose a plain name.";

    public CreateApiTokenValidator(TimeProvider clock)
    {
        RuleFor(command => command.Name)
            .Cascade(CascadeMode.Stop)
            .Must(name => !string.IsNullOrWhiteSpace(name)).WithMessage(NameRequiredMessage)
            .Must(name => name.Trim().Length <= ApiToken.NameMaxLength).WithMessage(NameTooLongMessage)
            .Must(name => !name.Any(char.IsControl)).WithMessage(NameControlCharactersMessage)
            // The name is shown in lists and the audit log; a pasted secret must not end up there.
            .Must(name => !AuditEntry.LooksSecret(name)).WithMessage(NameLooksSecretMessage);

        RuleFor(command => command.ExpiresOn)
            .Custom((day, context) =>
            {
                if (day is { } value && ApiTokenExpiry.Problem(value, clock.GetUtcNow()) is { } problem)
                {
                    context.AddFailure(problem);
                }
            });
    }
}
