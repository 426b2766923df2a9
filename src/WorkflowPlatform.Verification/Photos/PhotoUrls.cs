using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace WorkflowPlatform.Verification.Photos;

/// <summary>Outcome of <see cref="PhotoUrls.Verify"/>.</summary>
public enum PhotoUrlStatus
{
    /// <summary>Signature matches and the URL has not expired.</summary>
    Valid,
    /// <summary>Signature matches but the expiry has passed.</summary>
    Expired,
    /// <summary>Missing or malformed parameters, or a signature that does not match (tampered key or expiry).</summary>
    Invalid,
}

/// <summary>
/// Signed, expiring photo URLs: <c>/api/v1/photos/{key}?exp={unix seconds}&amp;sig={base64url HMAC-SHA256 of "key\nexp"}</c>.
/// The signature is checked in constant time before the expiry, so an expired URL is only reported as such when it is genuine.
/// </summary>
public sealed class PhotoUrls
{
    private readonly byte[] _key;
    private readonly TimeProvider _time;
    private readonly TimeSpan _lifetime;
    private readonly string _path;

    /// <summary>Creates the signer; <see cref="VerificationOptions.PhotoUrlKey"/> must hold at least 32 bytes.</summary>
    public PhotoUrls(IOptions<VerificationOptions> options, TimeProvider time)
    {
        var o = options.Value;
        _key = o.PhotoUrlKey is { Length: >= 32 } k ? k : throw new InvalidOperationException(
            "No photo URL signing key: set Photos:UrlKey (base64, at least 32 bytes) or call AddBlobStore, which keeps a generated key under the data folder.");
        _time = time;
        _lifetime = o.PhotoUrlLifetime > TimeSpan.Zero ? o.PhotoUrlLifetime : throw new InvalidOperationException("Verification:PhotoUrlLifetime must be positive.");
        _path = o.PhotoUrlPath.TrimEnd('/');
    }

    /// <summary>A relative URL for <paramref name="blobKey"/> valid for <paramref name="lifetime"/> (default from the options).</summary>
    public string Sign(string blobKey, TimeSpan? lifetime = null)
    {
        BlobKeys.Validate(blobKey);
        var exp = (_time.GetUtcNow() + (lifetime ?? _lifetime)).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"{_path}/{blobKey}?exp={exp}&sig={Signature(blobKey, exp)}";
    }

    /// <summary>Checks the <c>exp</c> and <c>sig</c> query values of a request for <paramref name="blobKey"/>.</summary>
    public PhotoUrlStatus Verify(string blobKey, string? exp, string? sig)
    {
        if (string.IsNullOrEmpty(blobKey) || string.IsNullOrEmpty(exp) || string.IsNullOrEmpty(sig) || exp.Length > 20 || sig.Length > 64
            || !long.TryParse(exp, NumberStyles.None, CultureInfo.InvariantCulture, out var expiry))
            return PhotoUrlStatus.Invalid;
        try
        {
            BlobKeys.Validate(blobKey);
        }
        catch (ArgumentException)
        {
            return PhotoUrlStatus.Invalid;
        }
        var expected = Encoding.ASCII.GetBytes(Signature(blobKey, exp));
        var given = Encoding.ASCII.GetBytes(sig);
        if (!CryptographicOperations.FixedTimeEquals(expected, given))
            return PhotoUrlStatus.Invalid;
        return _time.GetUtcNow().ToUnixTimeSeconds() > expiry ? PhotoUrlStatus.Expired : PhotoUrlStatus.Valid;
    }

    private string Signature(string blobKey, string exp)
    {
        var mac = HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(blobKey + "\n" + exp));
        return Convert.ToBase64String(mac).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
