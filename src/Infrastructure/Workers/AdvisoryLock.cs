using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using OpenRouterSaaS.Infrastructure.Persistence;

namespace OpenRouterSaaS.Infrastructure.Workers;

/// <summary>
/// A PostgreSQL session advisory lock, held on one context's connection until disposed, so that of several instances
/// only one runs a job at a time. A stopped instance's session ends, and its lock with it.
/// </summary>
internal sealed class AdvisoryLock : IAsyncDisposable
{
    private readonly AppDbContext _db;
    private readonly long _key;

    private AdvisoryLock(AppDbContext db, long key)
    {
        _db = db;
        _key = key;
    }

    /// <summary>Takes the lock <paramref name="key"/>; null when another session holds it.</summary>
    public static async Task<AdvisoryLock?> TryTakeAsync(AppDbContext db, long key, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        if (await RunAsync(db.Database.GetDbConnection(), "SELECT pg_try_advisory_lock(@key)", key, cancellationToken))
        {
            return new AdvisoryLock(db, key);
        }

        await db.Database.CloseConnectionAsync();
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync(_db.Database.GetDbConnection(), "SELECT pg_advisory_unlock(@key)", _key, CancellationToken.None);
        }
        finally
        {
            await _db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<bool> RunAsync(DbConnection connection, string sql, long key, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var parameter = command.CreateParameter();
        parameter.ParameterName = "key";
        parameter.Value = key;
        command.Parameters.Add(parameter);
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }
}
