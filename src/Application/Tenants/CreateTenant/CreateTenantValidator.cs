using FluentValidation;
using Microsoft.EntityFrameworkCore;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.Application.Tenants.CreateTenant;

public sealed class CreateTenantValidator : AbstractValidator<CreateTenantCommand>
{
    public const string SlugTakenMessage = "This slug is already taken; choose another.";

    public CreateTenantValidator(IAppDbContext db)
    {
        RuleFor(command => command.Name).ValidTenantName();

        RuleFor(command => command.Slug)
            .Custom((slug, context) =>
            {
                if (TenantSlug.Problem(slug) is { } problem)
                {
                    context.AddFailure(problem);
                }
            })
            .MustAsync(async (slug, cancellationToken) => !await db.Tenants.AnyAsync(tenant => tenant.Slug == slug, cancellationToken))
            .WithMessage(SlugTakenMessage)
            // Only the uniqueness check waits for a well-formed slug; the shape check above must always run.
            .When(command => TenantSlug.Problem(command.Slug) is null, ApplyConditionTo.CurrentValidator);
    }
}
