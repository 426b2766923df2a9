namespace WorkflowPlatform.Verification.Photos;

/// <summary>
/// Keeps binary objects (photos, document images) by key. Keys are relative paths of letters, digits,
/// <c>-_.</c> and <c>/</c> (e.g. <c>ws/{workspace}/requests/{request}/selfie-1.jpg</c>); implementations
/// encrypt at rest.
/// </summary>
public interface IBlobStore
{
    Task PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    /// <summary>The stored bytes, or null when no object has this key.</summary>
    Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Deletes one object; true when it existed.</summary>
    Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Deletes every object whose key starts with <paramref name="prefix"/> (a folder, ending in '/'); returns how many.</summary>
    Task<int> DeletePrefixAsync(string prefix, CancellationToken cancellationToken = default);
}

public static class BlobKeys
{
    /// <summary>Throws when a key could escape its store (empty, absolute, '..', odd characters, too long).</summary>
    public static string Validate(string key)
    {
        if (string.IsNullOrEmpty(key) || key.Length > 512 || key[0] == '/' || key.Contains("//", StringComparison.Ordinal))
            throw new ArgumentException($"Invalid blob key '{key}'.", nameof(key));
        foreach (var segment in key.Split('/'))
        {
            if (segment is "" or "." or "..")
                throw new ArgumentException($"Invalid blob key '{key}'.", nameof(key));
            foreach (var c in segment)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
                    throw new ArgumentException($"Invalid character '{c}' in blob key '{key}'.", nameof(key));
            }
        }
        return key;
    }
}
