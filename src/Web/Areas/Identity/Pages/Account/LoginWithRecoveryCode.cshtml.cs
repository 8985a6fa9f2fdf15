using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using OpenRouterSaaS.Infrastructure.Identity;

namespace OpenRouterSaaS.Web.Areas.Identity.Pages.Account;

public sealed class LoginWithRecoveryCodeModel(SignInManager<ApplicationUser> signIn) : SecondFactorPageModel(signIn)
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync() => await PendingUserAsync() is null ? StartAgain() : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (await PendingUserAsync() is null)
        {
            return StartAgain();
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        // Identity stores the codes as shown (upper case, with the hyphen); forgive spaces and lower case.
        var code = Input.RecoveryCode.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        var result = await SignInManager.TwoFactorRecoveryCodeSignInAsync(code);
        return Outcome(result, "Input.RecoveryCode", "That recovery code is not right, or it has been used already.");
    }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter one of your recovery codes.")]
        [StringLength(32, ErrorMessage = "That is longer than a recovery code.")]
        [DataType(DataType.Text)]
        [Display(Name = "Recovery code")]
        public string RecoveryCode { get; set; } = "";
    }
}
