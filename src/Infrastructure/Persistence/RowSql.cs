using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace OpenRouterSaaS.Infrastructure.Persistence;

/// <summary>
/// An INSERT or UPDATE of one entity as a batch command, for writes that must share a round trip with other statements.
/// Columns, types and value conversions come from the EF model, so the statements stay in step with it.
/// </summary>
internal static class RowSql
{
    private static readonly DbCommand ParameterFactory = new NpgsqlCommand();

    private static readonly ConcurrentDictionary<(IEntityType, string), string> InsertTexts = new();

    /// <summary>Inserts every column of <paramref name="entry"/>'s entity when <paramref name="condition"/> (SQL over its own parameters) holds.</summary>
    public static NpgsqlBatchCommand InsertWhere(EntityEntry entry, string condition, params NpgsqlParameter[] conditionParameters)
    {
        var properties = entry.Metadata.GetProperties().ToList();
        var command = new NpgsqlBatchCommand(InsertTexts.GetOrAdd((entry.Metadata, condition), key =>
            $"INSERT INTO {Table(key.Item1)} ({string.Join(", ", properties.Select(Column))}) "
            + $"SELECT {string.Join(", ", properties.Select((property, index) => $"@v{index}::{property.GetColumnType()}"))} WHERE {key.Item2}"));
        for (var index = 0; index < properties.Count; index++)
        {
            command.Parameters.Add(Parameter(properties[index], $"v{index}", entry.Property(properties[index].Name).CurrentValue));
        }

        command.Parameters.AddRange(conditionParameters);
        return command;
    }

    /// <summary>Updates the modified columns of <paramref name="entry"/>'s entity, found by its key, when <paramref name="condition"/> holds.</summary>
    public static NpgsqlBatchCommand UpdateWhere(EntityEntry entry, string condition, params NpgsqlParameter[] conditionParameters)
    {
        var modified = entry.Properties.Where(property => property.IsModified).Select(property => property.Metadata).ToList();
        var key = entry.Metadata.FindPrimaryKey()!.Properties.Single();
        var sets = modified.Select((property, index) => $"{Column(property)} = @v{index}::{property.GetColumnType()}");
        var command = new NpgsqlBatchCommand(
            $"UPDATE {Table(entry.Metadata)} SET {string.Join(", ", sets)} WHERE {Column(key)} = @key AND {condition}");
        for (var index = 0; index < modified.Count; index++)
        {
            command.Parameters.Add(Parameter(modified[index], $"v{index}", entry.Property(modified[index].Name).CurrentValue));
        }

        command.Parameters.Add(Parameter(key, "key", entry.Property(key.Name).CurrentValue));
        command.Parameters.AddRange(conditionParameters);
        return command;
    }

    /// <summary>After a write made here: the entity is tracked as saved, so that SaveChanges writes only later changes.</summary>
    public static void AcceptSaved(EntityEntry entry)
    {
        if (entry.State == EntityState.Detached)
        {
            entry.State = EntityState.Unchanged;
            return;
        }

        entry.OriginalValues.SetValues(entry.CurrentValues);
        entry.State = EntityState.Unchanged;
    }

    private static string Table(IEntityType entity) => $"\"{entity.GetTableName()}\"";

    private static string Column(IProperty property) => $"\"{property.GetColumnName()}\"";

    private static NpgsqlParameter Parameter(IProperty property, string name, object? value) =>
        (NpgsqlParameter)property.GetRelationalTypeMapping().CreateParameter(ParameterFactory, name, value, property.IsNullable);
}
