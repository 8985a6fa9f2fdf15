using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using OpenRouterSaaS.Infrastructure.Identity;

namespace OpenRouterSaaS.Web.Areas.Identity.Pages.Account;

public sealed class LoginWith2faModel(SignInManager<ApplicationUser> signIn) : SecondFactorPageModel(signIn)
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

        ModelState.ForgetUnreadable($"{nameof(Input)}.{nameof(Input.RememberMachine)}");
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await SignInManager.TwoFactorAuthenticatorSignInAsync(AuthenticatorEnrolment.NormaliseCode(Input.TwoFactorCode), RememberMe, Input.RememberMachine);
        return Outcome(result, "Input.TwoFactorCode", "That code is not right. Enter the current code from your authenticator app.");
    }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter the code from your authenticator app.")]
        [StringLength(7, MinimumLength = 6, ErrorMessage = "The code has 6 digits.")]
        [DataType(DataType.Text)]
        [Display(Name = "Authenticator code")]
        public string TwoFactorCode { get; set; } = "";

        [Display(Name = "Do not ask again on this device")]
        public bool RememberMachine { get; set; }
    }
}
