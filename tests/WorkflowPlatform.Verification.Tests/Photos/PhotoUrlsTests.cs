using System.Security.Cryptography;
using System.Web;
using Microsoft.Extensions.Options;
using WorkflowPlatform.Verification.Photos;
using WorkflowPlatform.Verification.Tests.Support;
using Xunit;

namespace WorkflowPlatform.Verification.Tests.Photos;

public sealed class PhotoUrlsTests
{
    private const string Key = "ws/w1/users/abc/selfie-1.jpg";
    private readonly ManualTime _time = new();
    private readonly PhotoUrls _urls;

    public PhotoUrlsTests() => _urls = Create(RandomNumberGenerator.GetBytes(32));

    private PhotoUrls Create(byte[] key) => new(Options.Create(new VerificationOptions { PhotoUrlKey = key, PhotoUrlLifetime = TimeSpan.FromMinutes(15) }), _time);

    private static (string Path, string? Exp, string? Sig) Parse(string url)
    {
        var uri = new Uri("http://host" + url);
        var q = HttpUtility.ParseQueryString(uri.Query);
        return (uri.AbsolutePath, q["exp"], q["sig"]);
    }

    [Fact]
    public void Sign_Key_UrlUnderPhotosPathVerifies()
    {
        var (path, exp, sig) = Parse(_urls.Sign(Key));

        Assert.Equal("/api/v1/photos/" + Key, path);
        Assert.Equal(_time.GetUtcNow().AddMinutes(15).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), exp);
        Assert.Equal(PhotoUrlStatus.Valid, _urls.Verify(Key, exp, sig));
    }

    [Fact]
    public void Verify_AfterExpiry_Expired()
    {
        var (_, exp, sig) = Parse(_urls.Sign(Key));

        _time.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));

        Assert.Equal(PhotoUrlStatus.Expired, _urls.Verify(Key, exp, sig));
    }

    [Fact]
    public void Verify_TamperedKeyExpiryOrSignature_Invalid()
    {
        var (_, exp, sig) = Parse(_urls.Sign(Key));

        Assert.Equal(PhotoUrlStatus.Invalid, _urls.Verify("ws/w1/users/abd/selfie-1.jpg", exp, sig));
        Assert.Equal(PhotoUrlStatus.Invalid, _urls.Verify(Key, (long.Parse(exp!, System.Globalization.CultureInfo.InvariantCulture) + 3600).ToString(System.Globalization.CultureInfo.InvariantCulture), sig));
        Assert.Equal(PhotoUrlStatus.Invalid, _urls.Verify(Key, exp, sig![..^1] + (sig[^1] == 'A' ? 'B' : 'A')));
        Assert.Equal(PhotoUrlStatus.Invalid, _urls.Verify(Key, exp, null));
        Assert.Equal(PhotoUrlStatus.Invalid, _urls.Verify(Key, "-5", sig));
        Assert.Equal(PhotoUrlStatus.Invalid, _urls.Verify("../secret", exp, sig));
    }

    [Fact]
    public void Verify_SignedWithAnotherKey_Invalid()
    {
        var (_, exp, sig) = Parse(Create(RandomNumberGenerator.GetBytes(32)).Sign(Key));

        Assert.Equal(PhotoUrlStatus.Invalid, _urls.Verify(Key, exp, sig));
    }

    [Fact]
    public void Constructor_ShortOrMissingKey_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => Create(new byte[16]));
        Assert.Throws<InvalidOperationException>(() => new PhotoUrls(Options.Create(new VerificationOptions()), _time));
    }
}
