using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using OpenRouterSaaS.Application.UsageReports;
using OpenRouterSaaS.Application.UsageReports.ExportUsage;
using OpenRouterSaaS.Web.Csv;

namespace OpenRouterSaaS.Web.Pages.Tenant.Admin;

/// <summary>
/// Streams a usage export as a CSV download: each row is written as the database yields it and the response is flushed
/// every <see cref="FlushEvery"/> rows, so memory stays flat however many rows there are.
/// </summary>
public sealed class UsageCsvResult(UsageExport export, string fileName) : IActionResult
{
    public const int FlushEvery = 500;

    private static readonly string[] Columns =
    [
        "time", "member_email", "requested_model", "served_model", "provider", "status", "key_kind", "streamed", "zdr",
        "prompt_tokens", "completion_tokens", "cached_tokens", "reasoning_tokens", "response_cost_usd", "reconciled_cost_usd",
        "generation_id", "error_code",
    ];

    public async Task ExecuteResultAsync(ActionContext context)
    {
        var http = context.HttpContext;
        var cancellationToken = http.RequestAborted;
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename={fileName}";
        http.Response.Headers.CacheControl = "no-store";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        await using var text = new StreamWriter(http.Response.Body, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024, leaveOpen: true);
        var csv = new CsvWriter(text);
        foreach (var column in Columns)
        {
            csv.Text(column);
        }

        await csv.EndLineAsync(cancellationToken);
        var rows = 0;
        await foreach (var call in export.Calls.WithCancellation(cancellationToken))
        {
            await Fields(csv, call).EndLineAsync(cancellationToken);
            if (++rows % FlushEvery == 0)
            {
                await text.FlushAsync(cancellationToken);
            }
        }

        await text.FlushAsync(cancellationToken);
    }

    private static CsvWriter Fields(CsvWriter csv, UsageCall call) =>
        csv.Time(call.CreatedAt)
            .Text(call.MemberEmail)
            .Text(call.RequestedModel)
            .Text(call.ServedModel)
            .Text(call.Provider)
            .Text(call.Status.ToString())
            .Text(call.KeyKind.ToString())
            .Boolean(call.Streamed)
            .Boolean(call.ZeroDataRetention)
            .Number(call.PromptTokens)
            .Number(call.CompletionTokens)
            .Number(call.CachedTokens)
            .Number(call.ReasoningTokens)
            .Number(call.CostUsd)
            .Number(call.GenerationCostUsd)
            .Text(call.GenerationId)
            .Text(call.ErrorCode);
}
