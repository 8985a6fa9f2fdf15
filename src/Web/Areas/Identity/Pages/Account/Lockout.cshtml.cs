using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace OpenRouterSaaS.Web.Areas.Identity.Pages.Account;

public sealed class LockoutModel(IOptions<IdentityOptions> options) : PageModel
{
    public int LockoutMinutes { get; } = (int)Math.Ceiling(options.Value.Lockout.DefaultLockoutTimeSpan.TotalMinutes);

    public void OnGet()
    {
    }
}
