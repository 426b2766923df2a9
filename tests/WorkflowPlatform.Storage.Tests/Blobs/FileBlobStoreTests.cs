using System.Security.Cryptography;
using System.Text;
using WorkflowPlatform.Storage.Blobs;
using Xunit;

namespace WorkflowPlatform.Storage.Tests.Blobs;

public sealed class FileBlobStoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "wfp-blobs-" + Guid.NewGuid().ToString("N"));
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    [Fact]
    public async Task PutAsync_ThenGet_ReturnsTheBytesAndStoresThemEncrypted()
    {
        var store = Store();
        var photo = Encoding.ASCII.GetBytes("JFIF pretend photo bytes, long enough to spot in plain text");

        await store.PutAsync("ws/a/requests/r1/selfie-1.jpg", photo);

        Assert.Equal(photo, await store.GetAsync("ws/a/requests/r1/selfie-1.jpg"));
        var onDisk = await File.ReadAllBytesAsync(Path.Combine(_root, "ws/a/requests/r1/selfie-1.jpg"));
        Assert.DoesNotContain("pretend photo", Encoding.ASCII.GetString(onDisk));
    }

    [Fact]
    public async Task GetAsync_CiphertextMovedUnderAnotherKey_FailsToDecrypt()
    {
        var store = Store();
        await store.PutAsync("ws/a/one.jpg", new byte[] { 1, 2, 3 });
        File.Copy(Path.Combine(_root, "ws/a/one.jpg"), Path.Combine(_root, "ws/a/two.jpg"));

        await Assert.ThrowsAnyAsync<CryptographicException>(() => store.GetAsync("ws/a/two.jpg"));
    }

    [Fact]
    public async Task GetAsync_WithRotatedRing_OldBlobsStillDecrypt()
    {
        await Store().PutAsync("ws/a/old.jpg", new byte[] { 9, 8, 7 });
        var newKey = RandomNumberGenerator.GetBytes(32);
        var rotated = new FileBlobStore(_root, new BlobEncryption(new Dictionary<string, byte[]> { ["k1"] = _key, ["k2"] = newKey }, "k2"));

        Assert.Equal(new byte[] { 9, 8, 7 }, await rotated.GetAsync("ws/a/old.jpg"));
    }

    [Theory]
    [InlineData("../escape.jpg")]
    [InlineData("ws/../../etc/passwd")]
    [InlineData("/abs/path")]
    [InlineData("ws//double")]
    [InlineData("ws/a b.jpg")]
    [InlineData("")]
    public async Task PutAsync_HostileKey_IsRejected(string key)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store().PutAsync(key, new byte[] { 1 }));
    }

    [Fact]
    public async Task DeletePrefixAsync_RemovesEveryBlobOfTheRequest()
    {
        var store = Store();
        await store.PutAsync("ws/a/requests/r1/selfie-1.jpg", new byte[] { 1 });
        await store.PutAsync("ws/a/requests/r1/selfie-2.jpg", new byte[] { 2 });
        await store.PutAsync("ws/a/requests/r2/selfie-1.jpg", new byte[] { 3 });

        var deleted = await store.DeletePrefixAsync("ws/a/requests/r1/");

        Assert.Equal(2, deleted);
        Assert.Null(await store.GetAsync("ws/a/requests/r1/selfie-1.jpg"));
        Assert.NotNull(await store.GetAsync("ws/a/requests/r2/selfie-1.jpg"));
        Assert.False(await store.DeleteAsync("ws/a/requests/r1/selfie-2.jpg"));
    }

    [Fact]
    public void Decrypt_TruncatedBlob_Throws()
    {
        var encryption = new BlobEncryption(new Dictionary<string, byte[]> { ["k1"] = _key }, "k1");
        var sealedBlob = encryption.Encrypt("x", new byte[100]);

        Assert.ThrowsAny<CryptographicException>(() => encryption.Decrypt("x", sealedBlob.AsSpan(0, 20)));
        Assert.ThrowsAny<CryptographicException>(() => encryption.Decrypt("x", new byte[] { 1, 2, 3 }));
    }

    private FileBlobStore Store() => new(_root, new BlobEncryption(new Dictionary<string, byte[]> { ["k1"] = _key }, "k1"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
            Directory.Delete(_root, recursive: true);
    }
}
