using Xunit;
using WorkflowPlatform.Server.Notifications.Webhooks;

namespace WorkflowPlatform.Server.Tests.Notifications;

public class OutboundUrlPolicyTests
{
    [Theory]
    [InlineData("ftp://example.com/x", "URL_SCHEME_NOT_ALLOWED")]
    [InlineData("file:///etc/passwd", "URL_SCHEME_NOT_ALLOWED")]
    [InlineData("/relative", "URL_SCHEME_NOT_ALLOWED")]
    [InlineData("http://user:pw@93.184.216.34/", "URL_CREDENTIALS_NOT_ALLOWED")]
    [InlineData("http://127.0.0.1:8080/hook", "URL_ADDRESS_NOT_ALLOWED")]
    [InlineData("http://[::1]/hook", "URL_ADDRESS_NOT_ALLOWED")]
    [InlineData("http://10.1.2.3/hook", "URL_ADDRESS_NOT_ALLOWED")]
    [InlineData("http://172.20.0.1/hook", "URL_ADDRESS_NOT_ALLOWED")]
    [InlineData("http://192.168.1.1/hook", "URL_ADDRESS_NOT_ALLOWED")]
    [InlineData("http://169.254.169.254/latest/meta-data", "URL_ADDRESS_NOT_ALLOWED")]
    [InlineData("http://0.0.0.0/", "URL_ADDRESS_NOT_ALLOWED")]
    [InlineData("http://[fd00::1]/", "URL_ADDRESS_NOT_ALLOWED")]
    [InlineData("http://[fe80::1]/", "URL_ADDRESS_NOT_ALLOWED")]
    [InlineData("http://[::ffff:127.0.0.1]/", "URL_ADDRESS_NOT_ALLOWED")]
    [InlineData("http://localhost/", "URL_ADDRESS_NOT_ALLOWED")]
    public async Task CheckAsync_ForbiddenTarget_IsRefusedWithCode(string url, string code)
    {
        var decision = await new OutboundUrlPolicy().CheckAsync(url);

        Assert.False(decision.Allowed);
        Assert.Equal(code, decision.Code);
    }

    [Theory]
    [InlineData("https://93.184.216.34/hook")]
    [InlineData("http://8.8.8.8:8080/x")]
    public async Task CheckAsync_PublicAddress_IsAllowed(string url)
    {
        var decision = await new OutboundUrlPolicy().CheckAsync(url);

        Assert.True(decision.Allowed, decision.Reason);
    }

    [Fact]
    public async Task CheckAsync_LoopbackAllowedByConfiguration_IsAllowed()
    {
        var decision = await new OutboundUrlPolicy(allowLoopback: true).CheckAsync("http://127.0.0.1:5000/hook");

        Assert.True(decision.Allowed);
        Assert.False((await new OutboundUrlPolicy(allowLoopback: true).CheckAsync("http://10.0.0.1/")).Allowed);
    }
}
