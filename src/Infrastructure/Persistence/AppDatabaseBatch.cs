using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace OpenRouterSaaS.Infrastructure.Persistence;

/// <summary>
/// Several statements sent to PostgreSQL together, on the context's connection and in its transaction when one is open:
/// one round trip instead of one per statement. The connection is held for the batch only.
/// </summary>
internal static class AppDatabaseBatch
{
    public static async Task<T> RunAsync<T>(AppDbContext db, Func<NpgsqlBatch, Task<T>> run, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction();
            await using var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection(), transaction);
            return await run(batch);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
