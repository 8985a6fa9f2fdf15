using System.ComponentModel.DataAnnotations;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Models;
using OpenRouterSaaS.Application.Models.GetModelAllowList;
using OpenRouterSaaS.Application.Models.PreviewModelAllowList;
using OpenRouterSaaS.Application.Models.UpdateModelAllowList;
using OpenRouterSaaS.Domain.Models;
using OpenRouterSaaS.Web.Pages.Shared;
using OpenRouterSaaS.Web.Results;

namespace OpenRouterSaaS.Web.Pages.Tenant.Admin;

/// <summary>The tenant's model allow-list: edit, preview the unsaved form live (htmx), save.</summary>
public sealed class ModelsModel(ISender sender, ITenantContext tenant) : PageModel
{
    public string Slug => tenant.Slug!;

    [BindProperty]
    public AllowListInput Input { get; set; } = new();

    public AllowListPreview Preview { get; private set; } = new([], [], [], 0, [], new Dictionary<string, string[]>());

    public AllowListSettings? Saved { get; private set; }

    /// <summary>Patterns that matched nothing when the list was last saved: shown once after saving.</summary>
    [TempData]
    public string? SaveWarnings { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var result = await sender.Send(new GetModelAllowListQuery(), cancellationToken);
        if (!result.IsSuccess)
        {
            return result.Error!.ToPageResult(this);
        }

        Saved = result.Value.Settings;
        Preview = result.Value.Preview;
        Input = AllowListInput.From(Saved);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            var result = await sender.Send(new UpdateModelAllowListCommand(
                Input.Mode, Input.AllowList, Input.DenyList, Input.MaxPromptPricePerMillion, Input.MaxCompletionPricePerMillion), cancellationToken);
            if (result.IsSuccess)
            {
                var saved = result.Value;
                SaveWarnings = saved.Warnings.Count == 0 ? null : string.Join("\n", saved.Warnings);
                this.Flash($"The allow-list was saved: {saved.AllowedCount} of {saved.CatalogueCount} models are allowed now.");
                return RedirectToPage();
            }

            if (result.Error!.FieldErrors is null)
            {
                this.FlashError(result.Error.Message);
                return RedirectToPage();
            }

            result.Error.AddTo(ModelState, nameof(Input));
        }

        // Nothing was saved: show the form as typed, with its errors, and what it would allow.
        return await ShowDraftAsync(partial: false, cancellationToken);
    }

    /// <summary>Posted by htmx as the form changes (debounced); without JavaScript, by the Preview button.</summary>
    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken cancellationToken) =>
        await ShowDraftAsync(partial: Request.Headers.ContainsKey("HX-Request"), cancellationToken);

    private async Task<IActionResult> ShowDraftAsync(bool partial, CancellationToken cancellationToken)
    {
        var preview = await sender.Send(new PreviewModelAllowListQuery(
            Input.Mode, Input.AllowList, Input.DenyList, Input.MaxPromptPricePerMillion, Input.MaxCompletionPricePerMillion), cancellationToken);
        if (!preview.IsSuccess)
        {
            return preview.Error!.ToPageResult(this);
        }

        Preview = preview.Value;
        if (partial)
        {
            return Partial("_AllowListPreview", this);
        }

        var saved = await sender.Send(new GetModelAllowListQuery(), cancellationToken);
        Saved = saved.IsSuccess ? saved.Value.Settings : null;
        return Page();
    }

    /// <summary>Problems the preview found plus values the form could not read (a ceiling that is not a number).</summary>
    public IReadOnlyList<string> PreviewProblems =>
    [
        .. ModelState.Where(entry => entry.Key.StartsWith(nameof(Input) + ".", StringComparison.Ordinal))
            .SelectMany(entry => entry.Value!.Errors.Select(error => error.ErrorMessage)),
        .. Preview.Problems.Values.SelectMany(messages => messages),
    ];

    public sealed class AllowListInput
    {
        private static readonly char[] Separators = ['\n', '\r', ','];

        public ModelAccessMode Mode { get; set; }

        /// <summary>One pattern per line (commas work too).</summary>
        [Display(Name = "Allowed models")]
        public string? AllowPatterns { get; set; }

        [Display(Name = "Denied models")]
        public string? DenyPatterns { get; set; }

        [Display(Name = "Prompt price ceiling")]
        public decimal? MaxPromptPricePerMillion { get; set; }

        [Display(Name = "Completion price ceiling")]
        public decimal? MaxCompletionPricePerMillion { get; set; }

        public IReadOnlyList<string> AllowList => Lines(AllowPatterns);

        public IReadOnlyList<string> DenyList => Lines(DenyPatterns);

        public static AllowListInput From(AllowListSettings settings) => new()
        {
            Mode = settings.Mode,
            AllowPatterns = string.Join("\n", settings.AllowPatterns),
            DenyPatterns = string.Join("\n", settings.DenyPatterns),
            MaxPromptPricePerMillion = settings.MaxPromptPricePerMillion,
            MaxCompletionPricePerMillion = settings.MaxCompletionPricePerMillion,
        };

        private static string[] Lines(string? text) =>
            (text ?? "").Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
