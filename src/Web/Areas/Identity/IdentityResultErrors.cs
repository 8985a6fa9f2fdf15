using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace OpenRouterSaaS.Web.Areas.Identity;

/// <summary>Puts Identity's errors next to the form field they are about, in words a person understands.</summary>
public static class IdentityResultErrors
{
    public const string DuplicateEmailMessage = "An account with this email address already exists. Sign in, or reset your password if you forgot it.";

    public static void AddTo(this IdentityResult result, ModelStateDictionary modelState, string passwordField = "Input.Password", string emailField = "Input.Email")
    {
        foreach (var error in result.Errors)
        {
            var (field, message) = error.Code switch
            {
                // With the email as the user name, a taken address fails both checks: say it once.
                nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.DuplicateUserName) => (emailField, DuplicateEmailMessage),
                nameof(IdentityErrorDescriber.InvalidEmail) or nameof(IdentityErrorDescriber.InvalidUserName) => (emailField, "This email address cannot be used for an account."),
                nameof(IdentityErrorDescriber.PasswordMismatch) => ("Input.OldPassword", "Your current password is not correct."),
                nameof(IdentityErrorDescriber.InvalidToken) => (string.Empty, "This link is not valid or has expired. Ask for a new one."),
                _ when error.Code.StartsWith("Password", StringComparison.Ordinal) => (passwordField, error.Description),
                _ => (string.Empty, error.Description),
            };

            if (modelState.TryGetValue(field, out var entry) && entry.Errors.Any(existing => existing.ErrorMessage == message))
            {
                continue;
            }

            modelState.AddModelError(field, message);
        }
    }
}
