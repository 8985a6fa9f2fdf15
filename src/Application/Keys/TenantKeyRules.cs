using FluentValidation;
using OpenRouterSaaS.Domain.Credentials;

namespace OpenRouterSaaS.Application.Keys;

internal static class TenantKeyRules
{
    /// <summary>The tenant's own keys are the shared key and the management key.</summary>
    public static IRuleBuilderOptions<T, CredentialKind> TenantKeyKind<T>(this IRuleBuilder<T, CredentialKind> rule) =>
        rule.Must(kind => kind is CredentialKind.Shared or CredentialKind.Management).WithMessage("Choose the shared key or the management key.");
}
