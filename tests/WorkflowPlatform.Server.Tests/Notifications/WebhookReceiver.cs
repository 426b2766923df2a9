using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace WorkflowPlatform.Server.Tests.Notifications;

/// <summary>A scripted reply of the receiver: status, optional delay and Retry-After.</summary>
public sealed record ReceiverReply(int Status, TimeSpan Delay = default, string? RetryAfter = null, string? Location = null);

/// <summary>What the receiver got.</summary>
public sealed record ReceivedWebhook(string? Id, string? Timestamp, string? Signature, byte[] Body, DateTimeOffset At);

/// <summary>
/// A real HTTP listener on 127.0.0.1 (Kestrel, free port) that records every webhook and answers with the
/// replies queued in <see cref="Script"/>, then 200 when the script runs out.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookReceiver(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    public ConcurrentQueue<ReceiverReply> Script { get; } = new();

    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        WebhookReceiver? self = null;
        app.MapPost("/{**path}", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            self!.Received.Enqueue(new ReceivedWebhook(
                context.Request.Headers["webhook-id"], context.Request.Headers["webhook-timestamp"],
                context.Request.Headers["webhook-signature"], body.ToArray(), DateTimeOffset.UtcNow));
            var reply = self.Script.TryDequeue(out var r) ? r : new ReceiverReply(200);
            if (reply.Delay > TimeSpan.Zero)
                await Task.Delay(reply.Delay, context.RequestAborted);
            if (reply.RetryAfter is not null)
                context.Response.Headers.RetryAfter = reply.RetryAfter;
            if (reply.Location is not null)
                context.Response.Headers.Location = reply.Location;
            context.Response.StatusCode = reply.Status;
            await context.Response.WriteAsync($"reply {reply.Status}");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new WebhookReceiver(app, address + "/hooks");
        return self;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
