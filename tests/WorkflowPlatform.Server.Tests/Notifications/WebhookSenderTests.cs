using System.Text;
using WorkflowPlatform.Server.Notifications.Webhooks;
using Xunit;

namespace WorkflowPlatform.Server.Tests.Notifications;

public sealed class WebhookSenderTests : IAsyncLifetime
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"type\":\"request.completed\",\"data\":{}}");
    private readonly WebhookSecret _secret = WebhookSecret.Generate();
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task SendAsync_ReceiverAnswers200_DeliveredWithVerifiableSignature()
    {
        var attempt = await Sender().SendAsync(Message("msg_a"));

        Assert.Equal(WebhookAttemptOutcome.Delivered, attempt.Outcome);
        Assert.Equal(200, attempt.StatusCode);
        var got = Assert.Single(_receiver.Received);
        Assert.Equal("msg_a", got.Id);
        Assert.Equal(Body, got.Body);
        Assert.True(new WebhookVerifier(_secret.Text).Verify(got.Id, got.Timestamp, got.Signature, got.Body).IsValid);
    }

    [Fact]
    public async Task SendAsync_Receiver500_FailedWithExcerpt()
    {
        _receiver.Script.Enqueue(new ReceiverReply(500));

        var attempt = await Sender().SendAsync(Message("msg_b"));

        Assert.Equal(WebhookAttemptOutcome.Failed, attempt.Outcome);
        Assert.Equal(500, attempt.StatusCode);
        Assert.Equal("reply 500", attempt.ResponseExcerpt);
    }

    [Fact]
    public async Task SendAsync_Receiver410_Gone()
    {
        _receiver.Script.Enqueue(new ReceiverReply(410));

        Assert.Equal(WebhookAttemptOutcome.Gone, (await Sender().SendAsync(Message("msg_c"))).Outcome);
    }

    [Fact]
    public async Task SendAsync_Receiver302_IsAFailureAndNotFollowed()
    {
        _receiver.Script.Enqueue(new ReceiverReply(302, Location: _receiver.Url + "/elsewhere"));

        var attempt = await Sender().SendAsync(Message("msg_d"));

        Assert.Equal(WebhookAttemptOutcome.Failed, attempt.Outcome);
        Assert.Equal(302, attempt.StatusCode);
        Assert.Single(_receiver.Received);
    }

    [Fact]
    public async Task SendAsync_Receiver429WithRetryAfter_ReportsTheDelay()
    {
        _receiver.Script.Enqueue(new ReceiverReply(429, RetryAfter: "120"));

        var attempt = await Sender().SendAsync(Message("msg_e"));

        Assert.Equal(WebhookAttemptOutcome.Failed, attempt.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(120), attempt.RetryAfter);
    }

    [Fact]
    public async Task SendAsync_ReceiverTooSlow_FailsWithTimeout()
    {
        _receiver.Script.Enqueue(new ReceiverReply(200, Delay: TimeSpan.FromSeconds(2)));
        using var http = WebhookSender.CreateClient(TimeSpan.FromMilliseconds(300));

        var attempt = await new WebhookSender(http, new OutboundUrlPolicy(allowLoopback: true), TimeProvider.System).SendAsync(Message("msg_f"));

        Assert.Equal(WebhookAttemptOutcome.Failed, attempt.Outcome);
        Assert.Contains("timeout", attempt.Error);
    }

    [Fact]
    public async Task SendAsync_LoopbackNotAllowed_RefusedWithoutConnecting()
    {
        using var http = WebhookSender.CreateClient();

        var attempt = await new WebhookSender(http, new OutboundUrlPolicy(), TimeProvider.System).SendAsync(Message("msg_g"));

        Assert.Equal(WebhookAttemptOutcome.Refused, attempt.Outcome);
        Assert.Empty(_receiver.Received);
    }

    [Fact]
    public async Task SendAsync_NobodyListening_FailsWithConnectionError()
    {
        var attempt = await Sender().SendAsync(Message("msg_h") with { Url = "http://127.0.0.1:1/hooks" });

        Assert.Equal(WebhookAttemptOutcome.Failed, attempt.Outcome);
        Assert.Contains("connection failed", attempt.Error);
    }

    private WebhookSender Sender() => new(WebhookSender.CreateClient(), new OutboundUrlPolicy(allowLoopback: true), TimeProvider.System);

    private WebhookMessage Message(string id) => new(id, _receiver.Url, Body, [_secret]);
}
