using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using WorkflowPlatform.E2E.Tests.Infrastructure;
using WorkflowPlatform.Testing;

namespace WorkflowPlatform.E2E.Tests.Console;

/// <summary>
/// The real server on Kestrel at 127.0.0.1 (a free port) on SQLite, serving the built console (designer/dist) at
/// <c>/console/</c>, so a browser can sign in to it. The first owner comes from configuration
/// (<see cref="PlatformFactory.AdminEmail"/>); the built-in workflows are imported at start-up as in production.
/// </summary>
public sealed class ConsoleServer : IAsyncDisposable
{
    private readonly PlatformFactory _factory;

    private ConsoleServer(PlatformFactory factory, string baseUrl)
    {
        _factory = factory;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public static async Task<ConsoleServer> StartAsync()
    {
        var dist = Path.Combine(TestPaths.RepoRoot, "designer", "dist");
        if (!File.Exists(Path.Combine(dist, "index.html")))
            throw new InvalidOperationException($"The console is not built ({dist}): build the server (dotnet build src/WorkflowPlatform.Server) or run npm ci && npm run build in designer/.");
        var factory = new PlatformFactory(TestDatabase.Sqlite)
            .With("Frontend:ConsoleDistPath", dist)
            .With("Workflows:BuiltInDirectory", Path.Combine(TestPaths.RepoRoot, "workflows"))
            // The webhook receiver of the tests listens on 127.0.0.1.
            .With("Webhooks:AllowLoopback", "true");
        await factory.InitializeAsync();
        factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ConsoleServer(factory, address.TrimEnd('/'));
    }

    /// <summary>A plain HTTP client on the server (cookies kept), for checks behind the browser's back.</summary>
    public HttpClient Client() =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = new Uri(BaseUrl) };

    /// <summary>A client signed in as the owner, and the id of the owner's workspace.</summary>
    public async Task<(HttpClient Admin, Guid WorkspaceId)> AdminAsync()
    {
        var admin = Client();
        (await admin.PostAsJsonAsync("/api/admin/auth/login", new { email = PlatformFactory.AdminEmail, password = PlatformFactory.AdminPassword })).EnsureSuccessStatusCode();
        var me = await admin.GetFromJsonAsync<JsonElement>("/api/admin/auth/me");
        return (admin, me.GetProperty("workspaces")[0].GetProperty("id").GetGuid());
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();
}
