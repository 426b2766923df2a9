using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace WorkflowPlatform.Storage.Blobs;

/// <summary>
/// AES-256-GCM envelope for blobs at rest: <c>"WFB1" | key-id length (1) | key id | nonce (12) | tag (16) | ciphertext</c>.
/// The blob's key is the associated data, so a ciphertext moved under another name does not decrypt.
/// Every key in the ring decrypts (by id); the active key encrypts.
/// </summary>
public sealed class BlobEncryption
{
    private static readonly byte[] Magic = "WFB1"u8.ToArray();
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly Dictionary<string, byte[]> _keys;
    private readonly string _activeId;

    public BlobEncryption(IReadOnlyDictionary<string, byte[]> keys, string activeKeyId)
    {
        foreach (var (id, key) in keys)
        {
            if (key.Length != 32)
                throw new InvalidOperationException($"Blob encryption key '{id}' must be 32 bytes (AES-256), got {key.Length}.");
            if (id.Length is 0 or > 64)
                throw new InvalidOperationException("Blob encryption key ids are 1 to 64 characters.");
        }
        _keys = new Dictionary<string, byte[]>(keys, StringComparer.Ordinal);
        _activeId = _keys.ContainsKey(activeKeyId) ? activeKeyId : throw new InvalidOperationException($"Active blob key '{activeKeyId}' is not in the ring.");
    }

    public byte[] Encrypt(string blobKey, ReadOnlySpan<byte> plain)
    {
        var id = Encoding.ASCII.GetBytes(_activeId);
        var header = Magic.Length + 1 + id.Length;
        var output = new byte[header + NonceSize + TagSize + plain.Length];
        Magic.CopyTo(output, 0);
        output[Magic.Length] = (byte)id.Length;
        id.CopyTo(output, Magic.Length + 1);
        var nonce = output.AsSpan(header, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_keys[_activeId], TagSize);
        aes.Encrypt(nonce, plain, output.AsSpan(header + NonceSize + TagSize), output.AsSpan(header + NonceSize, TagSize), Encoding.UTF8.GetBytes(blobKey));
        return output;
    }

    public byte[] Decrypt(string blobKey, ReadOnlySpan<byte> sealedBlob)
    {
        if (sealedBlob.Length < Magic.Length + 1 || !sealedBlob[..Magic.Length].SequenceEqual(Magic))
            throw new CryptographicException("Not an encrypted blob (bad header).");
        int idLength = sealedBlob[Magic.Length];
        var header = Magic.Length + 1 + idLength;
        if (sealedBlob.Length < header + NonceSize + TagSize)
            throw new CryptographicException("Encrypted blob is truncated.");
        var id = Encoding.ASCII.GetString(sealedBlob.Slice(Magic.Length + 1, idLength));
        if (!_keys.TryGetValue(id, out var key))
            throw new CryptographicException($"Blob was encrypted with key '{id}', which is not in the key ring.");
        var plain = new byte[sealedBlob.Length - header - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(sealedBlob.Slice(header, NonceSize), sealedBlob[(header + NonceSize + TagSize)..], sealedBlob.Slice(header + NonceSize, TagSize), plain, Encoding.UTF8.GetBytes(blobKey));
        return plain;
    }

}
