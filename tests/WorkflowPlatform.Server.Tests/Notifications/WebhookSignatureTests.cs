using Xunit;
using System.Security.Cryptography;
using System.Text;
using WorkflowPlatform.Server.Notifications.Webhooks;

namespace WorkflowPlatform.Server.Tests.Notifications;

public class WebhookSignatureTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"type\":\"request.completed\"}");

    [Fact]
    public void Sign_KnownVector_MatchesHmacOfIdTimestampBody()
    {
        var key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        var secret = WebhookSecret.Parse("whsec_" + Convert.ToBase64String(key));

        var header = WebhookSigner.Sign("msg_1", 1_700_000_000, Body, [secret]);

        var expected = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes("msg_1.1700000000." + Encoding.UTF8.GetString(Body)));
        Assert.Equal("v1," + Convert.ToBase64String(expected), header);
    }

    [Fact]
    public void Verify_SignedBySecret_IsValid()
    {
        var secret = WebhookSecret.Generate();
        var now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
        var header = WebhookSigner.Sign("msg_2", now.ToUnixTimeSeconds(), Body, [secret]);

        var result = new WebhookVerifier(secret.Text, time: new FixedTime(now)).Verify("msg_2", "1700000000", header, Body);

        Assert.True(result.IsValid, result.Error);
    }

    [Fact]
    public void Verify_DuringRotation_EitherSecretVerifies()
    {
        var oldSecret = WebhookSecret.Generate();
        var newSecret = WebhookSecret.Generate(64);
        var now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
        var header = WebhookSigner.Sign("msg_3", 1_700_000_000, Body, [newSecret, oldSecret]);

        Assert.Equal(2, header.Split(' ').Length);
        Assert.True(new WebhookVerifier(oldSecret.Text, time: new FixedTime(now)).Verify("msg_3", "1700000000", header, Body).IsValid);
        Assert.True(new WebhookVerifier(newSecret.Text, time: new FixedTime(now)).Verify("msg_3", "1700000000", header, Body).IsValid);
    }

    [Theory]
    [InlineData("msg_other", "1700000000", false)]
    [InlineData("msg_4", "1700000001", false)]
    [InlineData("msg_4", "1700000000", true)]
    public void Verify_TamperedIdOrTimestamp_IsInvalid(string id, string timestamp, bool expected)
    {
        var secret = WebhookSecret.Generate();
        var header = WebhookSigner.Sign("msg_4", 1_700_000_000, Body, [secret]);
        var verifier = new WebhookVerifier(secret.Text, time: new FixedTime(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000)));

        Assert.Equal(expected, verifier.Verify(id, timestamp, header, Body).IsValid);
    }

    [Fact]
    public void Verify_TamperedBody_IsInvalid()
    {
        var secret = WebhookSecret.Generate();
        var header = WebhookSigner.Sign("msg_5", 1_700_000_000, Body, [secret]);
        var verifier = new WebhookVerifier(secret.Text, time: new FixedTime(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000)));

        var result = verifier.Verify("msg_5", "1700000000", header, Encoding.UTF8.GetBytes("{\"type\":\"request.failed\"}"));

        Assert.False(result.IsValid);
    }

    [Fact]
    public void Verify_TimestampTooOld_IsInvalid()
    {
        var secret = WebhookSecret.Generate();
        var header = WebhookSigner.Sign("msg_6", 1_700_000_000, Body, [secret]);
        var verifier = new WebhookVerifier(secret.Text, time: new FixedTime(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000 + 600)));

        var result = verifier.Verify("msg_6", "1700000000", header, Body);

        Assert.False(result.IsValid);
        Assert.Contains("tolerance", result.Error);
    }

    [Theory]
    [InlineData("whsec_")]
    [InlineData("whsec_not-base64!")]
    [InlineData("sk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("whsec_AAAA")] // 3 bytes: too short
    public void Parse_InvalidSecret_IsRejected(string text)
    {
        Assert.False(WebhookSecret.TryParse(text, out _));
    }

    [Fact]
    public void Generate_Secret_HasPrefixAndRoundTrips()
    {
        var secret = WebhookSecret.Generate();

        Assert.StartsWith("whsec_", secret.Text);
        Assert.True(WebhookSecret.TryParse(secret.Text, out var parsed));
        Assert.Equal(secret.Text, parsed!.Text);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
