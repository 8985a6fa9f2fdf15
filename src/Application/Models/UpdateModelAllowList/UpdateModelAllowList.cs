using Mediator;
using Microsoft.EntityFrameworkCore;
using OpenRouterSaaS.Application.Common.Exceptions;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Common.Security;
using OpenRouterSaaS.Application.Models.Access;
using OpenRouterSaaS.Domain.Audit;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Models;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.Application.Models.UpdateModelAllowList;

/// <summary>Replaces the current tenant's allow-list. Patterns that match nothing are saved, and reported as warnings.</summary>
[RequireTenantRole(TenantRole.Admin)]
public sealed record UpdateModelAllowListCommand(
    ModelAccessMode Mode,
    IReadOnlyList<string> AllowPatterns,
    IReadOnlyList<string> DenyPatterns,
    decimal? MaxPromptPricePerMillion,
    decimal? MaxCompletionPricePerMillion) : ICommand<Result<SavedAllowList>>;

/// <param name="AllowedCount">How many catalogue models the saved list allows now.</param>
public sealed record SavedAllowList(int AllowedCount, int CatalogueCount, IReadOnlyList<string> Warnings);

public sealed class UpdateModelAllowListHandler(IAppDbContext db, ITenantContext tenant, ICurrentUser currentUser, TenantModelAccess access, IAuditLog audit, TimeProvider clock)
    : ICommandHandler<UpdateModelAllowListCommand, Result<SavedAllowList>>
{
    public async ValueTask<Result<SavedAllowList>> Handle(UpdateModelAllowListCommand command, CancellationToken cancellationToken)
    {
        // The validator has refused any problem, so these rules are the whole of what the admin typed.
        var rules = AllowListDraft.Read(command.Mode, command.AllowPatterns, command.DenyPatterns, command.MaxPromptPricePerMillion, command.MaxCompletionPricePerMillion).Rules;
        var now = clock.GetUtcNow();
        var allowList = await db.ModelAllowLists.SingleOrDefaultAsync(cancellationToken);
        if (allowList is null)
        {
            allowList = ModelAllowList.CreateDefault(tenant.TenantId!.Value, now);
            db.ModelAllowLists.Add(allowList);
        }

        var before = Describe(allowList);
        allowList.Change(rules, currentUser.RequiredUserId, now);
        var after = Describe(allowList);
        audit.Record(
            AuditActions.AllowListUpdated,
            new AuditTarget("model_allow_list", allowList.Id),
            $"Changed the model allow-list to: {after}",
            new Dictionary<string, string?> { ["before"] = before, ["after"] = after });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DuplicateKeyException)
        {
            // Two first saves of one tenant's allow-list at the same moment: the other one was stored.
            return Error.Conflict("Another admin saved the allow-list at the same moment. Reload the page to see it, then make your change again.");
        }

        var preview = AllowListPreview.Of(rules, await access.CatalogueAsync(cancellationToken));
        return new SavedAllowList(preview.Allowed.Count, preview.CatalogueCount, preview.Warnings);
    }

    private static string Describe(ModelAllowList allowList) =>
        $"{(allowList.Mode == ModelAccessMode.AllowAll ? "every model" : "only listed models")}; " +
        $"allow {List(allowList.AllowPatterns)}; deny {List(allowList.DenyPatterns)}; " +
        $"ceilings {Ceiling(allowList.MaxPromptPricePerMillion)} prompt, {Ceiling(allowList.MaxCompletionPricePerMillion)} completion per million tokens";

    private static string List(IReadOnlyList<string> patterns) => patterns.Count == 0 ? "nothing" : string.Join(", ", patterns);

    private static string Ceiling(decimal? perMillion) => perMillion is { } value ? $"${value}" : "none";
}
