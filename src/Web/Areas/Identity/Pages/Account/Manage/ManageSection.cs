namespace OpenRouterSaaS.Web.Areas.Identity.Pages.Account.Manage;

/// <summary>The entries of the account settings menu; each page names the one it belongs to.</summary>
public static class ManageSection
{
    public const string Key = "ManageSection";
    public const string Profile = "Profile";
    public const string Password = "Password";
    public const string TwoFactor = "TwoFactor";
}
