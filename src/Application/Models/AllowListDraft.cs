using OpenRouterSaaS.Domain.Models;

namespace OpenRouterSaaS.Application.Models;

/// <summary>
/// An allow-list as an admin typed it, read into rules. Each problem is tied to its field (named like the
/// properties of the update command), so the preview and the save report the same problems the same way.
/// The rules keep only the valid parts, for a preview that stays useful while a line is half typed.
/// </summary>
internal sealed class AllowListDraft
{
    public const string ModeField = "Mode";
    public const string AllowField = "AllowPatterns";
    public const string DenyField = "DenyPatterns";
    public const string PromptCeilingField = "MaxPromptPricePerMillion";
    public const string CompletionCeilingField = "MaxCompletionPricePerMillion";

    private readonly Dictionary<string, List<string>> _problems = new(StringComparer.Ordinal);

    private AllowListDraft(ModelAccessMode mode, IReadOnlyList<string>? allow, IReadOnlyList<string>? deny, decimal? maxPrompt, decimal? maxCompletion)
    {
        if (!Enum.IsDefined(mode))
        {
            Add(ModeField, "Choose whether only listed models or every model is allowed.");
            mode = ModelAccessMode.AllowListed;
        }

        Rules = new AllowListRules(
            mode,
            ReadPatterns(allow, AllowField, "allow"),
            ReadPatterns(deny, DenyField, "deny"),
            ReadCeiling(maxPrompt, PromptCeilingField, "prompt"),
            ReadCeiling(maxCompletion, CompletionCeilingField, "completion"));
    }

    public AllowListRules Rules { get; }

    public bool IsValid => _problems.Count == 0;

    public IReadOnlyDictionary<string, string[]> Problems =>
        _problems.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal);

    public static AllowListDraft Read(ModelAccessMode mode, IReadOnlyList<string>? allow, IReadOnlyList<string>? deny, decimal? maxPrompt, decimal? maxCompletion) =>
        new(mode, allow, deny, maxPrompt, maxCompletion);

    private List<ModelPattern> ReadPatterns(IReadOnlyList<string>? lines, string field, string listName)
    {
        var patterns = new List<ModelPattern>();
        foreach (var line in (lines ?? []).Where(line => !string.IsNullOrWhiteSpace(line)))
        {
            var pattern = ModelPattern.Create(line);
            if (pattern.IsSuccess)
            {
                if (!patterns.Contains(pattern.Value))
                {
                    patterns.Add(pattern.Value);
                }
            }
            else
            {
                Add(field, pattern.Error!.Message);
            }
        }

        if (patterns.Count > ModelAllowList.MaxPatterns)
        {
            Add(field, $"The {listName} list can hold at most {ModelAllowList.MaxPatterns} patterns; it has {patterns.Count}. Use wildcards such as anthropic/* to say more with less.");
            patterns = patterns[..ModelAllowList.MaxPatterns];
        }

        return patterns;
    }

    private decimal? ReadCeiling(decimal? value, string field, string kind)
    {
        if (value < 0m)
        {
            Add(field, $"The {kind} price ceiling cannot be negative. Enter 0 or more USD per million tokens, or leave it empty for no ceiling.");
            return null;
        }

        if (value > ModelAllowList.MaxCeilingPerMillion)
        {
            Add(field, $"A {kind} price ceiling above ${ModelAllowList.MaxCeilingPerMillion:0} per million tokens is surely a typo: enter at most {ModelAllowList.MaxCeilingPerMillion:0}, or leave it empty for no ceiling.");
            return null;
        }

        return value;
    }

    private void Add(string field, string message)
    {
        if (!_problems.TryGetValue(field, out var messages))
        {
            _problems[field] = messages = [];
        }

        messages.Add(message);
    }
}
