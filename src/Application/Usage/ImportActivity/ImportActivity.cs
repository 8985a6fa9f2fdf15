using System.Globalization;
using Mediator;
using OpenRouterSaaS.Application.Common.Exceptions;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Application.Common.Security;
using OpenRouterSaaS.Application.OpenRouter;
using OpenRouterSaaS.Domain.Audit;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Tenants;

namespace OpenRouterSaaS.Application.Usage.ImportActivity;

/// <summary>Imports OpenRouter's activity of the last 30 completed UTC days for the current tenant now, instead of waiting for the daily import.</summary>
[RequireTenantRole(TenantRole.Admin)]
public sealed record ImportActivityCommand : ICommand<Result<ActivityImport>>;

public sealed class ImportActivityHandler(TenantActivityImporter importer, IAuditLog audit, ITenantContext tenant)
    : ICommandHandler<ImportActivityCommand, Result<ActivityImport>>
{
    public const string NoManagementKeyMessage = "Add a management key on the shared-key page to import OpenRouter's activity.";

    public async ValueTask<Result<ActivityImport>> Handle(ImportActivityCommand command, CancellationToken cancellationToken)
    {
        try
        {
            var import = await importer.ImportAsync(
                done => audit.Record(AuditActions.ActivityImported, new AuditTarget("tenant", tenant.TenantId), Summary(done)),
                cancellationToken);
            return import is null ? Error.Conflict(NoManagementKeyMessage) : import;
        }
        catch (OpenRouterException failure)
        {
            return Error.Conflict(failure.Kind switch
            {
                OpenRouterFailureKind.InvalidKey => "OpenRouter rejected the management key; check it or replace it on the shared-key page.",
                OpenRouterFailureKind.Forbidden => "OpenRouter refused to show the activity to this key: it must be a management key.",
                _ => $"OpenRouter's activity could not be read; try again later. ({failure.OpenRouterMessage ?? failure.Message})",
            });
        }
        catch (SecretUnreadableException)
        {
            return Error.Conflict("The management key can no longer be read (the server's encryption keys changed); save it again on the shared-key page.");
        }
    }

    public static string Summary(ActivityImport import) => string.Create(CultureInfo.InvariantCulture,
        $"Imported OpenRouter's activity from {import.From:yyyy-MM-dd} to {import.To:yyyy-MM-dd}: {import.Rows} {(import.Rows == 1 ? "day and model" : "days and models")}.");
}
