using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using WorkflowPlatform.Testing;

namespace WorkflowPlatform.Storage.Tests;

public sealed record DbColumn(string Type, bool Nullable);

/// <summary>Reads tables and columns as the database itself reports them.</summary>
public static class SchemaInspector
{
    public static async Task<Dictionary<string, Dictionary<string, DbColumn>>> ReadAsync(PlatformDbContext db, TestDatabase kind)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            return kind == TestDatabase.Postgres ? await ReadPostgresAsync(connection) : await ReadSqliteAsync(connection);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<Dictionary<string, Dictionary<string, DbColumn>>> ReadPostgresAsync(DbConnection connection)
    {
        var result = new Dictionary<string, Dictionary<string, DbColumn>>(StringComparer.Ordinal);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = """
            SELECT table_name, column_name, data_type, character_maximum_length, is_nullable
            FROM information_schema.columns WHERE table_schema = 'public'
            """;
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var type = reader.GetString(2);
            if (!reader.IsDBNull(3))
            {
                type += $"({reader.GetInt32(3)})";
            }
            var table = reader.GetString(0);
            if (!result.TryGetValue(table, out var columns))
            {
                result[table] = columns = new Dictionary<string, DbColumn>(StringComparer.Ordinal);
            }
            columns[reader.GetString(1)] = new DbColumn(type, reader.GetString(4) == "YES");
        }
        return result;
    }

    private static async Task<Dictionary<string, Dictionary<string, DbColumn>>> ReadSqliteAsync(DbConnection connection)
    {
        var tables = new List<string>();
        await using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }
        var result = new Dictionary<string, Dictionary<string, DbColumn>>(StringComparer.OrdinalIgnoreCase);
        foreach (var table in tables)
        {
            var columns = new Dictionary<string, DbColumn>(StringComparer.OrdinalIgnoreCase);
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = $"SELECT name, type, \"notnull\", pk FROM pragma_table_info('{table}')";
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                columns[reader.GetString(0)] = new DbColumn(SqliteAffinity(reader.GetString(1)), reader.GetInt64(2) == 0);
            }
            result[table] = columns;
        }
        return result;
    }

    /// <summary>SQLite's type affinity rules (datatype3 §3.1): what a declared type actually means.</summary>
    public static string SqliteAffinity(string declared)
    {
        var t = declared.ToUpperInvariant();
        if (t.Contains("INT", StringComparison.Ordinal)) return "INTEGER";
        if (t.Contains("CHAR", StringComparison.Ordinal) || t.Contains("CLOB", StringComparison.Ordinal) || t.Contains("TEXT", StringComparison.Ordinal)) return "TEXT";
        if (t.Length == 0 || t.Contains("BLOB", StringComparison.Ordinal)) return "BLOB";
        if (t.Contains("REAL", StringComparison.Ordinal) || t.Contains("FLOA", StringComparison.Ordinal) || t.Contains("DOUB", StringComparison.Ordinal)) return "REAL";
        return "NUMERIC";
    }
}
