using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using WorkflowPlatform.Verification;
using WorkflowPlatform.Verification.Photos;

namespace WorkflowPlatform.Storage.Blobs;

public static class BlobStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the <see cref="IBlobStore"/> of the configured storage: <see cref="PostgresBlobStore"/> (table
    /// <c>blobs</c>) on PostgreSQL, <see cref="FileBlobStore"/> under <c>{Storage:DataPath}/blobs</c> otherwise, both
    /// encrypted with the <see cref="BlobKeyRing"/> (validated at start-up). Also gives
    /// <see cref="VerificationOptions.PhotoUrlKey"/> its key: <c>Photos:UrlKey</c> (base64, ≥ 32 bytes), else one
    /// derived from the active blob key (HKDF-SHA256), so every node that decrypts the photos also signs their URLs alike.
    /// </summary>
    public static IServiceCollection AddBlobStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<BlobOptions>().BindConfiguration(BlobOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BlobOptions>, BlobOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => BlobKeyRing.Resolve(sp.GetRequiredService<IOptions<StorageOptions>>().Value, sp.GetRequiredService<IOptions<BlobOptions>>().Value));
        services.TryAddSingleton(sp =>
        {
            var ring = sp.GetRequiredService<BlobKeyRing>();
            return new BlobEncryption(ring.Keys, ring.ActiveKeyId);
        });
        services.TryAddSingleton<IBlobStore>(sp =>
        {
            var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            var encryption = sp.GetRequiredService<BlobEncryption>();
            return storage.EffectiveProvider == StorageProvider.Postgres
                ? new PostgresBlobStore(sp.GetRequiredService<BlobDataSource>().DataSource, encryption, sp.GetRequiredService<TimeProvider>())
                : new FileBlobStore(Path.Combine(Path.GetFullPath(storage.DataPath), "blobs"), encryption);
        });
        services.TryAddSingleton(sp => new BlobDataSource(NpgsqlDataSource.Create(sp.GetRequiredService<IOptions<StorageOptions>>().Value.ConnectionString)));
        services.AddOptions<VerificationOptions>().Configure<IServiceProvider>((o, sp) =>
        {
            if (o.PhotoUrlKey is not null)
                return;
            var configured = configuration["Photos:UrlKey"];
            if (!string.IsNullOrWhiteSpace(configured))
            {
                o.PhotoUrlKey = Convert.FromBase64String(configured);
                return;
            }
            var ring = sp.GetRequiredService<BlobKeyRing>();
            o.PhotoUrlKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, ring.Keys[ring.ActiveKeyId], 32, info: Encoding.ASCII.GetBytes("wfp-photo-urls-v1"));
        });
        return services;
    }
}

/// <summary>The blob store's own PostgreSQL data source (disposed with the container).</summary>
internal sealed class BlobDataSource(NpgsqlDataSource dataSource) : IDisposable
{
    public NpgsqlDataSource DataSource { get; } = dataSource;

    public void Dispose() => DataSource.Dispose();
}

/// <summary>Fails start-up with the key ring's message (e.g. PostgreSQL without a configured key).</summary>
internal sealed class BlobOptionsValidator(IOptions<StorageOptions> storage) : IValidateOptions<BlobOptions>
{
    public ValidateOptionsResult Validate(string? name, BlobOptions options)
    {
        try
        {
            BlobKeyRing.Resolve(storage.Value, options);
            return ValidateOptionsResult.Success;
        }
        catch (InvalidOperationException e)
        {
            return ValidateOptionsResult.Fail(e.Message);
        }
    }
}
