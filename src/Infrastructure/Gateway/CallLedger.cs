using Npgsql;
using OpenRouterSaaS.Application.Usage;
using OpenRouterSaaS.Domain.Usage;
using OpenRouterSaaS.Infrastructure.Budgets;
using OpenRouterSaaS.Infrastructure.Persistence;

namespace OpenRouterSaaS.Infrastructure.Gateway;

/// <summary>
/// The gateway's writes as batches: the budget statement commits without waiting for the disk (so the hot tenant budget
/// row is never locked through a flush), and the ledger row's statement after it, in the same round trip but its own
/// transaction, commits durably, which makes both durable (PostgreSQL flushes its log in order). Every write runs to the
/// end whatever the client does: a client that went away must not leave the ledger half-written.
/// </summary>
internal sealed class CallLedger(AppDbContext db) : ICallLedger
{
    private const string TenantAtVersion = "EXISTS (SELECT 1 FROM tenants WHERE id = @tenant AND config_version = @config_version)";

    private const string ReservationHeld = "EXISTS (SELECT 1 FROM budget_reservations WHERE id = @reservation AND tenant_id = @tenant)";

    private const string ReservationClosed = "(@reservation IS NULL OR EXISTS (SELECT 1 FROM budget_reservations WHERE id = @reservation AND tenant_id = @tenant AND status <> 'Held'))";

    private const string ReservationSettled = "(@reservation IS NULL OR EXISTS (SELECT 1 FROM budget_reservations WHERE id = @reservation AND tenant_id = @tenant AND status = 'Settled'))";

    public async Task<CallOpening> OpenAsync(UsageRecord record, decimal? holdUsd, long configVersion)
    {
        var entry = db.Entry(record);
        var reservationId = record.ReservationId;
        if (holdUsd is not null && reservationId is null)
        {
            throw new ArgumentException("A call that holds budget names its reservation.", nameof(record));
        }

        var (outcome, inserted) = await AppDatabaseBatch.RunAsync(db, async batch =>
        {
            // Each statement its own transaction: the reservation's commit is not flushed, the row's is.
            batch.EnableErrorBarriers = true;
            if (holdUsd is { } hold)
            {
                batch.BatchCommands.Add(BudgetLedger.ReserveCommand(record.TenantId, record.UserId, hold, record.CreatedAt, reservationId!.Value, configVersion));
            }

            batch.BatchCommands.Add(RowSql.InsertWhere(entry, holdUsd is null ? TenantAtVersion : $"{TenantAtVersion} AND {ReservationHeld}",
                BudgetSql.Id("tenant", record.TenantId), BudgetSql.Version("config_version", configVersion), BudgetSql.Id("reservation", reservationId)));
            CallOpening? reserved = null;
            await using (var reader = await batch.ExecuteReaderAsync(CancellationToken.None))
            {
                if (holdUsd is { } held)
                {
                    var reservation = await BudgetLedger.ReadReservationAsync(reader, reservationId!.Value, held, record.CreatedAt, CancellationToken.None);
                    reserved = reservation is null ? CallOpening.SettingsChanged
                        : reservation.Refusal is { } refusal ? CallOpening.Refused(refusal)
                        : CallOpening.Open;
                    await reader.NextResultAsync(CancellationToken.None);
                }
            }

            return (reserved ?? CallOpening.Open, batch.BatchCommands[^1].RecordsAffected == 1);
        }, CancellationToken.None);

        if (inserted)
        {
            RowSql.AcceptSaved(entry);
            return CallOpening.Open;
        }

        if (!outcome.Opened)
        {
            return outcome;
        }

        // The row was refused: the settings moved on. A call that holds no budget has nothing to give back; one that
        // reserved before the settings moved (between the two statements) gives the hold back before it is read again.
        if (holdUsd is not null)
        {
            await AppDatabaseBatch.RunAsync(db, async batch =>
            {
                batch.BatchCommands.Add(BudgetLedger.CloseCommand(record.TenantId, reservationId!.Value, BudgetClosing.Release, null, record.CreatedAt, flushed: true));
                return await batch.ExecuteNonQueryAsync(CancellationToken.None);
            }, CancellationToken.None);
        }

        return CallOpening.SettingsChanged;
    }

    public Task CloseAsync(UsageRecord record, decimal? settleUsd) =>
        SaveAfterBudgetAsync(record, settleUsd is null ? BudgetClosing.Release : BudgetClosing.Settle, settleUsd, record.CompletedAt ?? record.CreatedAt,
            ReservationClosed, "could not be ended: its budget reservation is still held");

    public Task SaveBilledAsync(UsageRecord record, decimal billedUsd) =>
        SaveAfterBudgetAsync(record, BudgetClosing.Bill, billedUsd, record.ReconciledAt ?? record.CreatedAt,
            ReservationSettled, "could not be reconciled: its budget reservation could not be settled");

    /// <summary>
    /// The reservation's statement (when the row has one), then the row's changes, only when <paramref name="reservationDone"/>
    /// holds afterwards: a row that says it ended or was reconciled while its budget did not follow would hide the spend.
    /// </summary>
    private async Task SaveAfterBudgetAsync(UsageRecord record, BudgetClosing closing, decimal? costUsd, DateTimeOffset now, string reservationDone, string failure)
    {
        var entry = db.Entry(record);
        var updated = await AppDatabaseBatch.RunAsync(db, async batch =>
        {
            batch.EnableErrorBarriers = true;
            if (record.ReservationId is { } reservationId)
            {
                batch.BatchCommands.Add(BudgetLedger.CloseCommand(record.TenantId, reservationId, closing, costUsd, now, flushed: false));
            }

            batch.BatchCommands.Add(RowSql.UpdateWhere(entry, $"tenant_id = @tenant AND {reservationDone}",
                BudgetSql.Id("tenant", record.TenantId), BudgetSql.Id("reservation", record.ReservationId)));
            await batch.ExecuteNonQueryAsync(CancellationToken.None);
            return batch.BatchCommands[^1].RecordsAffected == 1;
        }, CancellationToken.None);

        if (!updated)
        {
            throw new InvalidOperationException($"The ledger row {record.Id} {failure}.");
        }

        RowSql.AcceptSaved(entry);
    }
}
