using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WorkflowPlatform.Storage;
using WorkflowPlatform.Storage.Blobs;
using WorkflowPlatform.Verification.Photos;
using Xunit;

namespace WorkflowPlatform.Verification.Tests.Photos;

public sealed class BlobKeyRingTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "wfp-keys-" + Guid.NewGuid().ToString("N")[..12]);

    private ServiceProvider Build(Dictionary<string, string?> settings)
    {
        settings["Storage:DataPath"] = _data;
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(config).AddStorage(config).AddBlobStore(config).AddVerification().BuildServiceProvider();
    }

    [Fact]
    public void Resolve_PostgresWithoutConfiguredKey_FailsWithHowToFix()
    {
        var storage = new StorageOptions { DataPath = _data, Provider = StorageProvider.Postgres, PostgresConnectionString = "Host=127.0.0.1" };

        var error = Assert.Throws<InvalidOperationException>(() => BlobKeyRing.Resolve(storage, new BlobOptions()));

        Assert.Contains("Blobs:Keys", error.Message, StringComparison.Ordinal);
        Assert.Contains("PostgreSQL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validation_PostgresWithoutConfiguredKey_FailsStartUpValidation()
    {
        using var sp = Build(new() { ["Storage:Provider"] = "Postgres", ["ConnectionStrings:Postgres"] = "Host=127.0.0.1" });

        var error = Assert.Throws<OptionsValidationException>(() => sp.GetRequiredService<IOptions<BlobOptions>>().Value);

        Assert.Contains("Blobs:Keys", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_PostgresWithKeyFileInDataFolder_UsesTheFile()
    {
        var sqlite = new StorageOptions { DataPath = _data };
        var created = BlobKeyRing.Resolve(sqlite, new BlobOptions());
        var postgres = new StorageOptions { DataPath = _data, Provider = StorageProvider.Postgres, PostgresConnectionString = "Host=127.0.0.1" };

        var ring = BlobKeyRing.Resolve(postgres, new BlobOptions());

        Assert.Equal(created.ActiveKeyId, ring.ActiveKeyId);
        Assert.Equal(created.Keys[created.ActiveKeyId], ring.Keys[ring.ActiveKeyId]);
    }

    [Fact]
    public async Task AddBlobStore_Sqlite_GeneratesKeyOnceAndFileStoreReadsAcrossRestarts()
    {
        using (var first = Build(new()))
        {
            Assert.IsType<FileBlobStore>(first.GetRequiredService<IBlobStore>());
            await first.GetRequiredService<IBlobStore>().PutAsync("a/b.jpg", new byte[] { 4, 2 });
        }
        Assert.True(File.Exists(Path.Combine(_data, "keys", BlobKeyRing.KeyFileName)));

        using var second = Build(new());

        Assert.Equal(new byte[] { 4, 2 }, await second.GetRequiredService<IBlobStore>().GetAsync("a/b.jpg"));
    }

    [Fact]
    public void Resolve_ConfiguredKeyOfWrongLength_ClearError()
    {
        var error = Assert.Throws<InvalidOperationException>(() => BlobKeyRing.Resolve(new StorageOptions { DataPath = _data },
            new BlobOptions { Keys = { ["k1"] = Convert.ToBase64String(new byte[16]) } }));

        Assert.Contains("32 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PhotoUrls_NoConfiguredKey_DerivedFromBlobKeySoEveryNodeAgrees()
    {
        using var a = Build(new());
        using var b = Build(new());

        var url = a.GetRequiredService<PhotoUrls>().Sign("ws/w/users/u/selfie-1.jpg");
        var query = System.Web.HttpUtility.ParseQueryString(new Uri("http://x" + url).Query);

        Assert.Equal(PhotoUrlStatus.Valid, b.GetRequiredService<PhotoUrls>().Verify("ws/w/users/u/selfie-1.jpg", query["exp"], query["sig"]));
    }

    public void Dispose()
    {
        if (Directory.Exists(_data))
            Directory.Delete(_data, recursive: true);
    }
}
