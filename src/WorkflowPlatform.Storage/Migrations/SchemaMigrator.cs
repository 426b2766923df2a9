using System.Data.Common;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace WorkflowPlatform.Storage.Migrations;

/// <summary>One forward-only schema script: <c>Migrations/&lt;provider&gt;/NNNN_name.sql</c>.</summary>
public sealed record MigrationScript(int Version, string Name, string Sql, string Checksum);

/// <summary>Thrown when the database's recorded migrations disagree with the scripts shipped in this build.</summary>
public sealed class SchemaMigrationException(string message) : Exception(message);

/// <summary>
/// Applies the embedded scripts for the configured provider in version order, each in its own
/// transaction, recording version, name and SHA-256 checksum in <c>schema_migrations</c>.
/// PostgreSQL: the whole run holds a session advisory lock, so servers starting together apply each
/// script once. SQLite: every script runs inside <c>BEGIN IMMEDIATE</c> and re-checks what is applied.
/// </summary>
public sealed partial class SchemaMigrator(IOptions<StorageOptions> options, ILogger<SchemaMigrator> logger, TimeProvider time)
{
    /// <summary>Arbitrary but fixed key of the PostgreSQL advisory lock ("WFPMIGR" in ASCII).</summary>
    public const long AdvisoryLockKey = 0x57_46_50_4D_49_47_52;

    public static IReadOnlyList<MigrationScript> LoadScripts(StorageProvider provider)
    {
        var folder = provider == StorageProvider.Postgres ? "postgres" : "sqlite";
        var asm = typeof(SchemaMigrator).Assembly;
        var scripts = new List<MigrationScript>();
        foreach (var resource in asm.GetManifestResourceNames())
        {
            var prefix = $"Migrations/{folder}/";
            if (!resource.StartsWith(prefix, StringComparison.Ordinal) || !resource.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }
            var name = resource[prefix.Length..^4];
            var underscore = name.IndexOf('_', StringComparison.Ordinal);
            if (underscore <= 0 || !int.TryParse(name[..underscore], out var version))
            {
                throw new SchemaMigrationException($"Migration script '{resource}' is not named NNNN_name.sql.");
            }
            using var stream = asm.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var sql = reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
            var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql)));
            scripts.Add(new MigrationScript(version, name, sql, checksum));
        }
        scripts.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 1; i < scripts.Count; i++)
        {
            if (scripts[i].Version == scripts[i - 1].Version)
            {
                throw new SchemaMigrationException($"Two migration scripts share version {scripts[i].Version}.");
            }
        }
        return scripts;
    }

    /// <summary>Applies what is missing; returns the versions this call applied.</summary>
    public async Task<IReadOnlyList<int>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        var o = options.Value;
        var provider = o.EffectiveProvider;
        var scripts = LoadScripts(provider);
        var started = Stopwatch.GetTimestamp();
        IReadOnlyList<int> applied = provider == StorageProvider.Postgres
            ? await MigratePostgresAsync(o.ConnectionString, scripts, cancellationToken)
            : await MigrateSqliteAsync(o, scripts, cancellationToken);
        Log.SchemaReady(logger, provider.ToString(), applied.Count, scripts.Count == 0 ? 0 : scripts[^1].Version, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return applied;
    }

    private async Task<IReadOnlyList<int>> MigratePostgresAsync(string connectionString, IReadOnlyList<MigrationScript> scripts, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({AdvisoryLockKey})", ct);
        try
        {
            await ExecuteAsync(connection, null, """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version integer NOT NULL PRIMARY KEY,
                    name text NOT NULL,
                    checksum character varying(64) NOT NULL,
                    applied_at timestamp with time zone NOT NULL)
                """, ct);
            return await ApplyAsync(connection, scripts, beginImmediate: false, ct);
        }
        finally
        {
            await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None);
        }
    }

    private async Task<IReadOnlyList<int>> MigrateSqliteAsync(StorageOptions o, IReadOnlyList<MigrationScript> scripts, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(o.SqliteFilePath)!);
        await using var connection = new SqliteConnection(o.ConnectionString);
        await connection.OpenAsync(ct);
        // WAL lets readers run beside the writer; it is a property of the file, so setting it once is enough.
        await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL", ct);
        await ExecuteAsync(connection, null, """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version INTEGER NOT NULL PRIMARY KEY,
                name TEXT NOT NULL,
                checksum TEXT NOT NULL,
                applied_at TEXT NOT NULL)
            """, ct);
        return await ApplyAsync(connection, scripts, beginImmediate: true, ct);
    }

    private async Task<IReadOnlyList<int>> ApplyAsync(DbConnection connection, IReadOnlyList<MigrationScript> scripts, bool beginImmediate, CancellationToken ct)
    {
        var applied = new List<int>();
        foreach (var script in scripts)
        {
            // Microsoft.Data.Sqlite begins IMMEDIATE unless asked for deferred: the write lock is taken
            // before we look, so a second process waits here and then sees the row we wrote.
            await using var tx = beginImmediate
                ? ((SqliteConnection)connection).BeginTransaction(deferred: false)
                : await connection.BeginTransactionAsync(ct);
            var recorded = await ReadChecksumAsync(connection, tx, script.Version, ct);
            if (recorded is not null)
            {
                if (!string.Equals(recorded, script.Checksum, StringComparison.Ordinal))
                {
                    throw new SchemaMigrationException(
                        $"Migration {script.Name} was applied with checksum {recorded}, but this build ships {script.Checksum}. Applied scripts must never change; add a new script instead.");
                }
                await tx.RollbackAsync(ct);
                continue;
            }
            var started = Stopwatch.GetTimestamp();
            foreach (var statement in SplitStatements(script.Sql))
            {
                await ExecuteAsync(connection, tx, statement, ct);
            }
            await using (var insert = connection.CreateCommand())
            {
                insert.Transaction = tx;
                insert.CommandText = "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (@v, @n, @c, @a)";
                AddParameter(insert, "@v", script.Version);
                AddParameter(insert, "@n", script.Name);
                AddParameter(insert, "@c", script.Checksum);
                AddParameter(insert, "@a", beginImmediate ? time.GetUtcNow().ToString("O") : time.GetUtcNow());
                await insert.ExecuteNonQueryAsync(ct);
            }
            await tx.CommitAsync(ct);
            applied.Add(script.Version);
            Log.ScriptApplied(logger, script.Name, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        return applied;
    }

    /// <summary>
    /// A script is sent as one command unless it contains lines reading exactly <c>--;;</c>, which
    /// separate statements (the convention of Quartz's schema scripts, needed for SQLite triggers).
    /// </summary>
    public static IEnumerable<string> SplitStatements(string sql)
    {
        var pieces = sql.Split("\n--;;\n", StringSplitOptions.None);
        foreach (var piece in pieces)
        {
            var hasCode = piece.Split('\n').Any(line => line.Trim().Length > 0 && !line.TrimStart().StartsWith("--", StringComparison.Ordinal));
            if (hasCode)
            {
                yield return piece;
            }
        }
    }

    private static async Task<string?> ReadChecksumAsync(DbConnection connection, DbTransaction tx, int version, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT checksum FROM schema_migrations WHERE version = @v";
        AddParameter(cmd, "@v", version);
        return await cmd.ExecuteScalarAsync(ct) as string;
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? tx, string sql, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.CommandTimeout = 120;
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static void AddParameter(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Applied schema script {Script} in {ElapsedMs:F0} ms")]
        public static partial void ScriptApplied(ILogger logger, string script, double elapsedMs);

        [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Schema on {Provider} is at version {Version} ({Applied} scripts applied now, {ElapsedMs:F0} ms)")]
        public static partial void SchemaReady(ILogger logger, string provider, int applied, int version, double elapsedMs);
    }
}
