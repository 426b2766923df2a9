using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace WorkflowPlatform.Storage.Workflows;

/// <summary>Provider-specific classification of write failures.</summary>
public static class StorageErrors
{
    /// <summary>A primary-key or unique-index violation (PostgreSQL 23505, SQLite PRIMARYKEY/UNIQUE constraint).</summary>
    public static bool IsUniqueViolation(DbUpdateException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.InnerException switch
        {
            PostgresException pg => pg.SqlState == PostgresErrorCodes.UniqueViolation,
            SqliteException sqlite => sqlite.SqliteErrorCode == 19 && sqlite.SqliteExtendedErrorCode is 1555 or 2067,
            _ => false,
        };
    }
}
