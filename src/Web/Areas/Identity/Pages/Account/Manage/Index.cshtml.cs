using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using OpenRouterSaaS.Infrastructure.Identity;

namespace OpenRouterSaaS.Web.Areas.Identity.Pages.Account.Manage;

public sealed class IndexModel(UserManager<ApplicationUser> users) : ManagePageModel(users)
{
    public string Email { get; private set; } = "";

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync()
    {
        if (await CurrentUserAsync() is not { } user)
        {
            return Challenge();
        }

        Email = user.Email ?? "";
        Input.DisplayName = user.DisplayName;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await CurrentUserAsync() is not { } user)
        {
            return Challenge();
        }

        Email = user.Email ?? "";
        if (!ModelState.IsValid)
        {
            return Page();
        }

        user.DisplayName = string.IsNullOrWhiteSpace(Input.DisplayName) ? null : Input.DisplayName.Trim();
        var updated = await Users.UpdateAsync(user);
        if (!updated.Succeeded)
        {
            updated.AddTo(ModelState);
            return Page();
        }

        TempData.SetStatus("Your profile has been saved.");
        return RedirectToPage();
    }

    public sealed class InputModel
    {
        [StringLength(ApplicationUser.DisplayNameMaxLength, ErrorMessage = FieldMessages.DisplayNameTooLong)]
        [Display(Name = "Your name")]
        public string? DisplayName { get; set; }
    }
}
