using Microsoft.Extensions.Options;

namespace OpenRouterSaaS.Infrastructure.Secrets;

/// <summary>Stops the app at start when the master keys are missing or malformed; the message names the settings, never a key.</summary>
internal sealed class SecretsOptionsValidator : IValidateOptions<SecretsOptions>
{
    public ValidateOptionsResult Validate(string? name, SecretsOptions options)
    {
        var problems = options.Problems();
        return problems.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("The master keys that encrypt stored secrets are not configured correctly: " + string.Join(" ", problems));
    }
}
