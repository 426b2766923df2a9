using WorkflowPlatform.Verification.Photos;

namespace WorkflowPlatform.Storage.Blobs;

/// <summary>
/// Blobs as encrypted files under a root folder (the embedded default: <c>{data}/blobs</c>).
/// Writes go to a temporary file first and are renamed into place, so a crash never leaves half a blob.
/// </summary>
public sealed class FileBlobStore(string root, BlobEncryption encryption) : IBlobStore
{
    private readonly string _root = Path.GetFullPath(root);

    public async Task PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        await File.WriteAllBytesAsync(temp, encryption.Encrypt(key, content.Span), cancellationToken);
        File.Move(temp, path, overwrite: true);
    }

    public async Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        if (!File.Exists(path))
            return null;
        return encryption.Decrypt(key, await File.ReadAllBytesAsync(path, cancellationToken));
    }

    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        if (!File.Exists(path))
            return Task.FromResult(false);
        File.Delete(path);
        return Task.FromResult(true);
    }

    public Task<int> DeletePrefixAsync(string prefix, CancellationToken cancellationToken = default)
    {
        var folder = PathOf(prefix.TrimEnd('/'));
        if (!Directory.Exists(folder))
            return Task.FromResult(0);
        var count = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Count();
        Directory.Delete(folder, recursive: true);
        return Task.FromResult(count);
    }

    private string PathOf(string key)
    {
        var path = Path.GetFullPath(Path.Combine(_root, BlobKeys.Validate(key)));
        // Validate already rejects '..'; this is the second lock on the same door.
        if (!path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ArgumentException($"Blob key '{key}' escapes the store.", nameof(key));
        return path;
    }
}
