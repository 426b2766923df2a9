using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using WorkflowPlatform.Storage.Blobs;
using WorkflowPlatform.Testing;
using WorkflowPlatform.Verification.Photos;
using WorkflowPlatform.Verification.Tests.Support;
using Xunit;

namespace WorkflowPlatform.Verification.Tests.Photos;

public sealed class PostgresBlobStoreTests : IAsyncLifetime
{
    private VerificationHost _host = null!;

    public async Task InitializeAsync() => _host = await VerificationHost.StartAsync(TestDatabase.Postgres, withFaces: false);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public void AddBlobStore_OnPostgres_RegistersTheTableStore()
    {
        Assert.IsType<PostgresBlobStore>(_host.Blobs);
    }

    [Fact]
    public async Task PutGet_RoundTrip_StoredEncrypted()
    {
        var content = RandomNumberGenerator.GetBytes(5000);

        await _host.Blobs.PutAsync("ws/a/requests/r/face-1.jpg", content);
        var back = await _host.Blobs.GetAsync("ws/a/requests/r/face-1.jpg");

        Assert.Equal(content, back);
        var raw = await RawAsync("ws/a/requests/r/face-1.jpg");
        Assert.NotNull(raw);
        Assert.Equal("WFB1"u8.ToArray(), raw.AsSpan(0, 4).ToArray());
        Assert.DoesNotContain(Convert.ToHexString(content.AsSpan(0, 32)), Convert.ToHexString(raw), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_SameKeyTwice_Replaces()
    {
        await _host.Blobs.PutAsync("k/one", new byte[] { 1 });
        await _host.Blobs.PutAsync("k/one", new byte[] { 2, 2 });

        Assert.Equal(new byte[] { 2, 2 }, await _host.Blobs.GetAsync("k/one"));
    }

    [Fact]
    public async Task Get_CiphertextMovedToAnotherKey_FailsToDecrypt()
    {
        await _host.Blobs.PutAsync("k/original", new byte[] { 9, 9, 9 });
        await ExecuteAsync("INSERT INTO blobs (key, content, size, created_at) SELECT 'k/moved', content, size, created_at FROM blobs WHERE key = 'k/original'");

        await Assert.ThrowsAnyAsync<CryptographicException>(() => _host.Blobs.GetAsync("k/moved"));
    }

    [Fact]
    public async Task DeleteAndDeletePrefix_UnderscoreIsNotAWildcard()
    {
        await _host.Blobs.PutAsync("ws/w/requests/r_1/a.jpg", new byte[] { 1 });
        await _host.Blobs.PutAsync("ws/w/requests/r_1/b.jpg", new byte[] { 1 });
        await _host.Blobs.PutAsync("ws/w/requests/rx1/a.jpg", new byte[] { 1 });
        await _host.Blobs.PutAsync("ws/w/requests/r_10/a.jpg", new byte[] { 1 });

        Assert.Equal(2, await _host.Blobs.DeletePrefixAsync("ws/w/requests/r_1/"));
        Assert.NotNull(await _host.Blobs.GetAsync("ws/w/requests/rx1/a.jpg"));
        Assert.NotNull(await _host.Blobs.GetAsync("ws/w/requests/r_10/a.jpg"));
        Assert.True(await _host.Blobs.DeleteAsync("ws/w/requests/rx1/a.jpg"));
        Assert.False(await _host.Blobs.DeleteAsync("ws/w/requests/rx1/a.jpg"));
        Assert.Null(await _host.Blobs.GetAsync("missing/key"));
    }

    [Fact]
    public async Task Put_HostileKey_Rejected()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _host.Blobs.PutAsync("../etc/passwd", new byte[] { 1 }));
        await Assert.ThrowsAsync<ArgumentException>(() => _host.Blobs.DeletePrefixAsync("ws/%/"));
    }

    private async Task<byte[]?> RawAsync(string key)
    {
        var ds = _host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Storage.StorageOptions>>().Value.ConnectionString;
        await using var connection = new NpgsqlConnection(ds);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT content FROM blobs WHERE key = @k", connection);
        cmd.Parameters.AddWithValue("k", key);
        return await cmd.ExecuteScalarAsync() as byte[];
    }

    private async Task ExecuteAsync(string sql)
    {
        var ds = _host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Storage.StorageOptions>>().Value.ConnectionString;
        await using var connection = new NpgsqlConnection(ds);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, connection);
        await cmd.ExecuteNonQueryAsync();
    }
}
