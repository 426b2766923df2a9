using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace WorkflowPlatform.E2E.Tests.Console;

/// <summary>A webhook consumer on 127.0.0.1 (a free port): answers 200 on <c>/ok</c>, 500 on <c>/fail</c>, and keeps what it got.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookReceiver(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    public ConcurrentQueue<Received> Requests { get; } = new();

    public sealed record Received(string Path, string? Id, string? Timestamp, string? Signature, byte[] Body);

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        WebhookReceiver? self = null;
        app.MapPost("/{kind}", async (string kind, HttpRequest request) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            self!.Requests.Enqueue(new Received("/" + kind, request.Headers["webhook-id"], request.Headers["webhook-timestamp"], request.Headers["webhook-signature"], buffer.ToArray()));
            return kind == "ok" ? Results.Json(new { received = true }) : Results.Text("receiver says no", statusCode: 500);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new WebhookReceiver(app, address.TrimEnd('/'));
        return self;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
