using System.Globalization;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OpenRouterSaaS.Application.Budgets.GetBudgets;
using OpenRouterSaaS.Application.Budgets.OverrideMemberLimit;
using OpenRouterSaaS.Application.Budgets.SetBudgetLimits;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Web.Pages.Shared;
using OpenRouterSaaS.Web.Results;

namespace OpenRouterSaaS.Web.Pages.Tenant.Admin;

public sealed class BudgetsModel(ISender sender, ITenantContext tenant) : PageModel
{
    public string Slug => tenant.Slug!;

    public BudgetsPage Data { get; private set; } = null!;

    [BindProperty]
    public LimitsInput Limits { get; set; } = new();

    /// <summary>A member's limit that was refused: shown again in their row, with the reason.</summary>
    public RefusedOverride? Refused { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await ShowAsync(fillForm: true, cancellationToken);

    public async Task<IActionResult> OnPostLimitsAsync(CancellationToken cancellationToken)
    {
        var result = await sender.Send(new SetBudgetLimitsCommand(Limits.MonthlyLimitUsd, Limits.MemberMonthlyLimitUsd, Limits.AlertPercent, Limits.DefaultMaxTokens),
            cancellationToken);
        if (!result.IsSuccess)
        {
            result.Error!.AddTo(ModelState, nameof(Limits));
            return await ShowAsync(fillForm: false, cancellationToken);
        }

        this.Flash(result.Value.Changed
            ? "The budget limits were saved. They apply from now on, to this month too."
            : "Nothing to save: the limits are as they were.");
        return RedirectToPage();
    }

    public Task<IActionResult> OnPostOverrideAsync(Guid membershipId, string? limit, CancellationToken cancellationToken) =>
        OverrideAsync(membershipId, limit ?? "", "The member's monthly limit was saved; it applies to this month too.", cancellationToken);

    public Task<IActionResult> OnPostClearOverrideAsync(Guid membershipId, CancellationToken cancellationToken) =>
        OverrideAsync(membershipId, null, "The member follows the default monthly limit again.", cancellationToken);

    private async Task<IActionResult> OverrideAsync(Guid membershipId, string? limit, string success, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            this.FlashError("That member was not found in this tenant.");
            return RedirectToPage();
        }

        var result = await sender.Send(new OverrideMemberLimitCommand(membershipId, limit), cancellationToken);
        if (result.Error is { Kind: ErrorKind.Invalid } invalid)
        {
            Refused = new RefusedOverride(membershipId, limit ?? "", invalid.FieldErrors?.Values.SelectMany(messages => messages).FirstOrDefault() ?? invalid.Message);
            return await ShowAsync(fillForm: true, cancellationToken);
        }

        this.Flash(result, success);
        return RedirectToPage();
    }

    private async Task<IActionResult> ShowAsync(bool fillForm, CancellationToken cancellationToken)
    {
        var result = await sender.Send(new GetBudgetsQuery(), cancellationToken);
        if (!result.IsSuccess)
        {
            return result.Error!.ToPageResult(this);
        }

        Data = result.Value;
        if (fillForm)
        {
            var settings = Data.Settings;
            Limits = new LimitsInput
            {
                MonthlyLimitUsd = Amount(settings.MonthlyLimitUsd),
                MemberMonthlyLimitUsd = Amount(settings.MemberMonthlyLimitUsd),
                AlertPercent = settings.AlertPercent.ToString(CultureInfo.InvariantCulture),
                DefaultMaxTokens = settings.DefaultMaxTokens?.ToString(CultureInfo.InvariantCulture),
            };
        }

        return Page();
    }

    /// <summary>An amount as the form's fields show it: plain digits, cents at least.</summary>
    public static string? Amount(decimal? usd) => usd?.ToString("0.00####", CultureInfo.InvariantCulture);

    /// <summary>The limits as typed: text, so that the Application can say exactly what is wrong with each.</summary>
    public sealed class LimitsInput
    {
        public string? MonthlyLimitUsd { get; set; }

        public string? MemberMonthlyLimitUsd { get; set; }

        public string? AlertPercent { get; set; }

        public string? DefaultMaxTokens { get; set; }
    }

    public sealed record RefusedOverride(Guid MembershipId, string Limit, string Message);
}
