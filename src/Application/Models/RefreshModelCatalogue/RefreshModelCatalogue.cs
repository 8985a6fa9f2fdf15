using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Models.Access;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Models;

namespace OpenRouterSaaS.Application.Models.RefreshModelCatalogue;

/// <summary>
/// Loads OpenRouter's model list into the catalogue: new models are added, known ones updated, missing ones
/// marked removed (never deleted), and returning ones restored. A failed or malformed answer changes nothing.
/// System work: the background worker sends it, holding a lock so that one instance refreshes at a time.
/// </summary>
public sealed record RefreshModelCatalogueCommand : ICommand<Result<CatalogueRefreshed>>;

/// <summary>What one refresh changed.</summary>
public sealed record CatalogueRefreshed(int Listed, int Added, int Removed, int Reappeared);

/// <remarks>The source is optional so the app starts (and validates its services) before the OpenRouter client is configured.</remarks>
public sealed class RefreshModelCatalogueHandler(
    IAppDbContext db, TimeProvider clock, CatalogueCache cache, ILogger<RefreshModelCatalogueHandler> logger, IModelCatalogueSource? source = null)
    : ICommandHandler<RefreshModelCatalogueCommand, Result<CatalogueRefreshed>>
{
    private const int MaxReasonLength = 300;

    public async ValueTask<Result<CatalogueRefreshed>> Handle(RefreshModelCatalogueCommand command, CancellationToken cancellationToken)
    {
        if (source is null)
        {
            return Keep("No model catalogue source (IModelCatalogueSource) is registered.");
        }

        IReadOnlyList<PublishedModel> published;
        try
        {
            published = await source.GetModelsAsync(cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The message only: the source's exceptions carry no key, and a stack trace adds nothing an operator acts on.
            return Keep($"OpenRouter's catalogue could not be read: {exception.GetType().Name}: {exception.Message}");
        }

        if (PublishedCatalogueCheck.Problem(published) is { } problem)
        {
            return Keep($"OpenRouter's catalogue answer was refused: {problem}");
        }

        var now = clock.GetUtcNow();
        var known = await db.CatalogueModels.ToDictionaryAsync(model => model.Id, StringComparer.Ordinal, cancellationToken);
        int added = 0, removed = 0, reappeared = 0;
        foreach (var model in published)
        {
            var pricing = new ModelPricing(model.Prices.Prompt, model.Prices.Completion, model.Prices.Request, model.Prices.InputCacheRead, model.Prices.InputCacheWrite);
            var parameters = model.SupportedParameters ?? [];
            if (known.Remove(model.Id, out var existing))
            {
                reappeared += existing.Refresh(model.Name, model.ContextLength, pricing, parameters, now) ? 1 : 0;
            }
            else
            {
                db.CatalogueModels.Add(new CatalogueModel(model.Id, model.Name, model.ContextLength, pricing, parameters, now));
                added++;
            }
        }

        foreach (var missing in known.Values.Where(model => !model.IsRemoved))
        {
            missing.MarkRemoved(now);
            removed++;
        }

        await db.SaveChangesAsync(cancellationToken);
        cache.Invalidate();
        logger.LogInformation(
            "Model catalogue refreshed: {Listed} models listed, {Added} new, {Removed} removed, {Reappeared} back",
            published.Count, added, removed, reappeared);
        return new CatalogueRefreshed(published.Count, added, removed, reappeared);
    }

    private Error Keep(string reason)
    {
        if (reason.Length > MaxReasonLength)
        {
            reason = reason[..MaxReasonLength] + "…";
        }

        logger.LogWarning("The model catalogue was not refreshed; the last good catalogue stays in use. {Reason}", reason);
        return Error.Invalid(reason);
    }
}
