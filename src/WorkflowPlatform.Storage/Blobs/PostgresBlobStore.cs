using Npgsql;
using NpgsqlTypes;
using WorkflowPlatform.Verification.Photos;

namespace WorkflowPlatform.Storage.Blobs;

/// <summary>
/// Blobs as encrypted rows of the <c>blobs</c> table (PostgreSQL), so every server node sharing the database sees the
/// same photos. Same envelope as <see cref="FileBlobStore"/> (<see cref="BlobEncryption"/>, the key is the associated data).
/// </summary>
public sealed class PostgresBlobStore(NpgsqlDataSource dataSource, BlobEncryption encryption, TimeProvider time) : IBlobStore
{
    public async Task PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        BlobKeys.Validate(key);
        var sealedBlob = encryption.Encrypt(key, content.Span);
        await using var cmd = dataSource.CreateCommand("""
            INSERT INTO blobs (key, content, size, created_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (key) DO UPDATE SET content = excluded.content, size = excluded.size, created_at = excluded.created_at
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = key, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = sealedBlob, NpgsqlDbType = NpgsqlDbType.Bytea });
        cmd.Parameters.Add(new NpgsqlParameter { Value = content.Length, NpgsqlDbType = NpgsqlDbType.Integer });
        cmd.Parameters.Add(new NpgsqlParameter { Value = time.GetUtcNow(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        BlobKeys.Validate(key);
        await using var cmd = dataSource.CreateCommand("SELECT content FROM blobs WHERE key = $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = key, NpgsqlDbType = NpgsqlDbType.Text });
        var sealedBlob = await cmd.ExecuteScalarAsync(cancellationToken) as byte[];
        return sealedBlob is null ? null : encryption.Decrypt(key, sealedBlob);
    }

    public async Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        BlobKeys.Validate(key);
        await using var cmd = dataSource.CreateCommand("DELETE FROM blobs WHERE key = $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = key, NpgsqlDbType = NpgsqlDbType.Text });
        return await cmd.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<int> DeletePrefixAsync(string prefix, CancellationToken cancellationToken = default)
    {
        // A folder prefix: validated like a key (minus the trailing '/'), so '%' and '\' cannot occur; '_' is escaped.
        var folder = BlobKeys.Validate(prefix.TrimEnd('/')) + "/";
        await using var cmd = dataSource.CreateCommand(@"DELETE FROM blobs WHERE key LIKE $1 ESCAPE '\'");
        cmd.Parameters.Add(new NpgsqlParameter { Value = folder.Replace("_", @"\_", StringComparison.Ordinal) + "%", NpgsqlDbType = NpgsqlDbType.Text });
        return await cmd.ExecuteNonQueryAsync(cancellationToken);
    }
}
