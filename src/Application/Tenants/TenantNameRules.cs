using FluentValidation;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.Application.Tenants;

internal static class TenantNameRules
{
    public static IRuleBuilderOptions<T, string> ValidTenantName<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(name => !string.IsNullOrWhiteSpace(name)).WithMessage("Enter a name for the tenant.")
            .Must(name => name is null || name.Trim().Length <= Tenant.NameMaxLength).WithMessage($"The name can be at most {Tenant.NameMaxLength} characters long.");
}
