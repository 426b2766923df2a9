using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace WorkflowPlatform.E2E.Tests.Infrastructure;

/// <summary>Serves one HTML page on 127.0.0.1 (a free port), for browser checks that need a secure origin.</summary>
public sealed class LocalPage : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LocalPage(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    public static async Task<LocalPage> ServeAsync(string html)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet("/", () => Results.Content(html, "text/html"));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LocalPage(app, address + "/");
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
