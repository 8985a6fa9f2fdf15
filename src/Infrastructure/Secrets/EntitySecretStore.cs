using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using OpenRouterSaaS.Application.Common;
using OpenRouterSaaS.Application.Common.Interfaces;
using OpenRouterSaaS.Domain.Common;
using OpenRouterSaaS.Domain.Secrets;
using OpenRouterSaaS.Infrastructure.Persistence;

namespace OpenRouterSaaS.Infrastructure.Secrets;

/// <summary>
/// The secrets of one <see cref="IHoldsSecrets"/> entity's table, for the rotation. Table and column names come from
/// the EF Core model, so an entity needs nothing more than the interface.
/// </summary>
internal sealed class EntitySecretStore<T>(AppDbContext db) : ISecretStore
    where T : class, IHoldsSecrets
{
    private IEntityType Entity => db.Model.FindEntityType(typeof(T))
        ?? throw new InvalidOperationException($"{typeof(T).Name} holds secrets but is not part of the database model.");

    public string Name => Entity.GetTableName() ?? typeof(T).Name;

    public async Task<IReadOnlyList<SecretRow>> LockBatchAsync(Guid? after, int size, CancellationToken cancellationToken = default)
    {
        var id = Column(nameof(IHoldsSecrets.Id));
        // Rotation crosses tenants on purpose: the row's own tenant is part of each secret's binding.
        var sql = $"SELECT * FROM {Table()} WHERE {id} > {{0}} ORDER BY {id} LIMIT {{1}} FOR UPDATE";
        var rows = await db.Set<T>().FromSqlRaw(sql, after ?? Guid.Empty, size)
            .IgnoreQueryFilters([QueryFilters.Tenant])
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        return rows.Select(row => new SecretRow(row.Id, row.TenantId, row.StoredSecrets.ToList())).ToList();
    }

    public async Task ReplaceAsync(SecretRow row, StoredSecret secret, string newStored, CancellationToken cancellationToken = default)
    {
        var column = Column(secret.Property);
        // Raw SQL skips the tenant interceptor, so the tenant predicate is stated; the old value guards against a lost update.
        var sql = $"UPDATE {Table()} SET {column} = {{0}} WHERE {Column(nameof(IHoldsSecrets.Id))} = {{1}} AND {Column(nameof(ITenantOwned.TenantId))} = {{2}} AND {column} = {{3}}";
        var updated = await db.Database.ExecuteSqlRawAsync(sql, [newStored, row.Id, row.TenantId, secret.Stored], cancellationToken);
        if (updated != 1)
        {
            throw new InvalidOperationException($"{Name} row {row.Id} changed while its {secret.Property} was being rotated.");
        }
    }

    private string Table()
    {
        var schema = Entity.GetSchema();
        var table = Quote(Entity.GetTableName()!);
        return schema is null ? table : $"{Quote(schema)}.{table}";
    }

    private string Column(string property)
    {
        var table = StoreObjectIdentifier.Table(Entity.GetTableName()!, Entity.GetSchema());
        var column = Entity.FindProperty(property)?.GetColumnName(table)
            ?? throw new InvalidOperationException($"{typeof(T).Name}.{property} is not mapped to a column.");
        return Quote(column);
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
