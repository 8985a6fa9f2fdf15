using Microsoft.AspNetCore.Identity;
using OpenRouterSaaS.Infrastructure.Identity;

namespace OpenRouterSaaS.Web.Areas.Identity.Pages.Account;

/// <summary>Where the confirmation email's link lands.</summary>
public sealed class ConfirmEmailModel(UserManager<ApplicationUser> users) : ReturnUrlPageModel
{
    public bool Confirmed { get; private set; }

    public async Task OnGetAsync(string? userId, string? code)
    {
        var token = AccountEmails.Decode(code);
        if (token is null || string.IsNullOrWhiteSpace(userId) || await users.FindByIdAsync(userId) is not { } user)
        {
            return;
        }

        Confirmed = (await users.ConfirmEmailAsync(user, token)).Succeeded;
    }
}
