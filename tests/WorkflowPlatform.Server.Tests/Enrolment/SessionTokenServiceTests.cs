using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using WorkflowPlatform.Server.Enrolment.Tokens;
using Xunit;

namespace WorkflowPlatform.Server.Tests.Enrolment;

public class SessionTokenServiceTests
{
    private static readonly Guid Workspace = Guid.NewGuid();
    private static readonly Guid Request = Guid.NewGuid();
    private readonly MovableTime _time = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task ValidateAsync_FreshToken_GrantsTheRequest()
    {
        var service = Service(Key("a"));
        var token = service.Issue(Workspace, Request, _time.GetUtcNow().AddMinutes(30));

        var check = await service.ValidateAsync(token);

        Assert.True(check.IsValid, check.Error);
        Assert.Equal(Request, check.Grant!.RequestId);
        Assert.Equal(Workspace, check.Grant.WorkspaceId);
        Assert.False(string.IsNullOrEmpty(check.Grant.TokenId));
    }

    [Fact]
    public async Task ValidateAsync_AfterExpiry_IsRejected()
    {
        var service = Service(Key("a"));
        var token = service.Issue(Workspace, Request, _time.GetUtcNow().AddMinutes(30));

        _time.Advance(TimeSpan.FromMinutes(31));

        Assert.False((await service.ValidateAsync(token)).IsValid);
    }

    [Fact]
    public async Task ValidateAsync_TamperedPayload_IsRejected()
    {
        var service = Service(Key("a"));
        var token = service.Issue(Workspace, Request, _time.GetUtcNow().AddMinutes(30));
        var parts = token.Split('.');
        var other = service.Issue(Workspace, Guid.NewGuid(), _time.GetUtcNow().AddMinutes(30)).Split('.');

        var spliced = $"{parts[0]}.{other[1]}.{parts[2]}";

        Assert.False((await service.ValidateAsync(spliced)).IsValid);
    }

    [Fact]
    public async Task ValidateAsync_SignedByUnknownKey_IsRejected()
    {
        var token = Service(Key("a")).Issue(Workspace, Request, _time.GetUtcNow().AddMinutes(30));

        Assert.False((await Service(Key("b")).ValidateAsync(token)).IsValid);
    }

    [Fact]
    public async Task ValidateAsync_AfterRotation_OldTokensStillValidAndNewOnesUseTheNewKey()
    {
        var oldKey = Key("old");
        var newKey = Key("new");
        var token = Service(oldKey).Issue(Workspace, Request, _time.GetUtcNow().AddMinutes(30));

        var rotated = Service(newKey, oldKey);
        var fresh = rotated.Issue(Workspace, Request, _time.GetUtcNow().AddMinutes(30));

        Assert.True((await rotated.ValidateAsync(token)).IsValid);
        Assert.True((await rotated.ValidateAsync(fresh)).IsValid);
        Assert.False((await Service(oldKey).ValidateAsync(fresh)).IsValid);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-jwt")]
    [InlineData("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.")]
    public async Task ValidateAsync_Garbage_IsRejected(string token)
    {
        Assert.False((await Service(Key("a")).ValidateAsync(token)).IsValid);
    }

    [Fact]
    public void Ring_NoConfiguredKeys_GeneratesAndReusesKeyFile()
    {
        var file = Path.Combine(Path.GetTempPath(), "wfp-keys-" + Guid.NewGuid().ToString("N"), "session-keys.json");
        var options = Options.Create(new SessionTokenOptions { KeyFile = file });

        var first = new ConfiguredSigningKeyRing(options).Active;
        var second = new ConfiguredSigningKeyRing(options).Active;

        Assert.Equal(first.Id, second.Id);
        Assert.Equal(first.Secret, second.Secret);
        Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
    }

    [Fact]
    public void Ring_ShortConfiguredSecret_FailsAtStart()
    {
        var options = Options.Create(new SessionTokenOptions { Keys = [new SigningKeyOptions { Id = "x", Secret = Convert.ToBase64String(new byte[8]) }] });

        Assert.Throws<InvalidOperationException>(() => new ConfiguredSigningKeyRing(options));
    }

    private SessionTokenService Service(params SigningKeyOptions[] keys)
    {
        var options = Options.Create(new SessionTokenOptions { Keys = [.. keys], ActiveKeyId = keys[0].Id });
        return new SessionTokenService(new ConfiguredSigningKeyRing(options), options, _time);
    }

    private static SigningKeyOptions Key(string id) => new() { Id = id, Secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) };

    private sealed class MovableTime(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
