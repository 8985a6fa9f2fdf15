using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace OpenRouterSaaS.Web.Areas.Identity.Pages.Account;

/// <summary>What a sign-in form does with a checkbox that came back with a value that is not true or false.</summary>
internal static class CheckboxInput
{
    /// <summary>
    /// Forgets a checkbox's unreadable value (a browser only ever sends "true" or "false"), so it counts as unticked: the
    /// page shown again would otherwise fail to render the box from that value.
    /// </summary>
    public static void ForgetUnreadable(this ModelStateDictionary modelState, string key)
    {
        if (modelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0)
        {
            modelState.Remove(key);
        }
    }
}
