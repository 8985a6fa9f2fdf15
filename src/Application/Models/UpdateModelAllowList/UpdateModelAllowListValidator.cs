using FluentValidation;

namespace OpenRouterSaaS.Application.Models.UpdateModelAllowList;

/// <summary>Every pattern well-formed (the message names the bad one), at most so many per list, ceilings from 0 to a sane maximum.</summary>
public sealed class UpdateModelAllowListValidator : AbstractValidator<UpdateModelAllowListCommand>
{
    public UpdateModelAllowListValidator() =>
        RuleFor(command => command).Custom((command, context) =>
        {
            var draft = AllowListDraft.Read(command.Mode, command.AllowPatterns, command.DenyPatterns, command.MaxPromptPricePerMillion, command.MaxCompletionPricePerMillion);
            foreach (var (field, messages) in draft.Problems)
            {
                foreach (var message in messages)
                {
                    context.AddFailure(field, message);
                }
            }
        });
}
