namespace OpenRouterSaaS.Web.Areas.Identity;

/// <summary>The words of the validation messages that several account forms share, so they read the same everywhere.</summary>
public static class FieldMessages
{
    public const int EmailMaxLength = 256;
    public const int PasswordMaxLength = 128;

    public const string EmailRequired = "Enter your email address.";
    public const string EmailInvalid = "Enter a valid email address, like name@example.com.";
    public const string EmailTooLong = "The email address is too long.";
    public const string DisplayNameTooLong = "Keep your name to {1} characters or fewer.";
    public const string NewPasswordRequired = "Choose a password.";
    public const string PasswordTooLong = "Keep your password to {1} characters or fewer.";
    public const string ConfirmPasswordRequired = "Type the new password again.";
    public const string PasswordsDoNotMatch = "The two passwords do not match.";
}
