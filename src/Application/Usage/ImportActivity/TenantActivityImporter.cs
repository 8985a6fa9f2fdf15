using Microsoft.EntityFrameworkCore;
using OpenRouterSaaS.Application.Common.Exceptions;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Keys;
using OpenRouterSaaS.Domain.Credentials;
using OpenRouterSaaS.Domain.Usage;

namespace OpenRouterSaaS.Application.Usage.ImportActivity;

/// <summary>What an import stored: the days it covered and how many (day, model) rows OpenRouter reported in them.</summary>
public sealed record ActivityImport(DateOnly From, DateOnly To, int Rows);

/// <summary>
/// Reads OpenRouter's activity of the last 30 completed UTC days (<c>GET /activity</c>) with the current tenant's
/// management key and stores it per day and model. Re-importing replaces the figures of every day it covers, so a
/// (day, model) that OpenRouter no longer reports is removed; days before the window keep what was imported then.
/// </summary>
public sealed class TenantActivityImporter(IAppDbContext db, ITenantContext tenantContext, ISecretProtector protector, IActivitySource activity, TimeProvider clock)
{
    /// <summary>The days <c>/activity</c> reports: the 30 completed UTC days before today.</summary>
    public const int WindowDays = 30;

    /// <summary>
    /// Imports the window; null when the tenant has no management key. OpenRouter's failures
    /// (<see cref="OpenRouter.OpenRouterException"/>) and an unreadable key (<see cref="SecretUnreadableException"/>) reach the caller.
    /// </summary>
    /// <param name="alongside">Adds what belongs to the same save as the figures, such as an audit entry.</param>
    public async Task<ActivityImport?> ImportAsync(Action<ActivityImport>? alongside = null, CancellationToken cancellationToken = default)
    {
        var tenantId = tenantContext.TenantId ?? throw new InvalidOperationException("Activity is imported for a tenant; enter one first.");
        var key = await db.OpenRouterCredentials.AsNoTracking().SingleOrDefaultAsync(credential => credential.Kind == CredentialKind.Management, cancellationToken);
        if (key is null)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var (from, to) = (today.AddDays(-WindowDays), today.AddDays(-1));
        var reported = await activity.GetActivityAsync(protector.Reveal(key), cancellationToken: cancellationToken);

        // OpenRouter reports a model once per provider endpoint; the ledger compares per model.
        var figures = reported
            .Where(row => row.Date >= from && row.Date <= to)
            .GroupBy(row => (row.Date, Model: Truncate(row.Model)))
            .ToDictionary(group => group.Key, group => (
                Usage: group.Sum(row => row.Usage),
                Requests: group.Sum(row => row.Requests),
                Prompt: group.Sum(row => row.PromptTokens),
                Completion: group.Sum(row => row.CompletionTokens),
                Reasoning: group.Sum(row => row.ReasoningTokens)));

        // Two imports of one tenant at once (the daily worker and an admin) take turns, so neither inserts a row twice.
        await using var transaction = await db.BeginTransactionAsync(cancellationToken);
        await db.LockTenantAsync(tenantId, cancellationToken);
        var stored = await db.ActivityDays.Where(day => day.Date >= from && day.Date <= to).ToListAsync(cancellationToken);
        foreach (var day in stored.Where(day => !figures.ContainsKey((day.Date, day.Model))))
        {
            db.ActivityDays.Remove(day);
        }

        var byKey = stored.ToDictionary(day => (day.Date, day.Model));
        foreach (var ((date, model), figure) in figures)
        {
            if (!byKey.TryGetValue((date, model), out var day))
            {
                day = new ActivityDay(tenantId, date, model, now);
                db.ActivityDays.Add(day);
            }

            day.Record(figure.Usage, figure.Requests, figure.Prompt, figure.Completion, figure.Reasoning, now);
        }

        var import = new ActivityImport(from, to, figures.Count);
        alongside?.Invoke(import);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return import;
    }

    private static string Truncate(string model) => model.Length > ActivityDay.ModelMaxLength ? model[..ActivityDay.ModelMaxLength] : model;
}
