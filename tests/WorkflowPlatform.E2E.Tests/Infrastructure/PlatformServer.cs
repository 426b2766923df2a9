using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using WorkflowPlatform.Engine.Definitions;
using WorkflowPlatform.Engine.Persistence;
using WorkflowPlatform.Testing;

namespace WorkflowPlatform.E2E.Tests.Infrastructure;

/// <summary>
/// The real server on Kestrel at 127.0.0.1 (a free port) on SQLite, serving the built capture app, so a browser can
/// reach it. Arranges workspaces, applications and keys through the admin API.
/// </summary>
public sealed class PlatformServer : IAsyncDisposable
{
    private readonly PlatformFactory _factory;

    private PlatformServer(PlatformFactory factory, string baseUrl)
    {
        _factory = factory;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public static async Task<PlatformServer> StartAsync()
    {
        var dist = Path.Combine(TestPaths.RepoRoot, "src", "capture", "dist");
        if (!File.Exists(Path.Combine(dist, "index.html")))
            throw new InvalidOperationException($"The capture app is not built ({dist}): build the server (dotnet build src/WorkflowPlatform.Server) or run npm ci && npm run build in src/capture.");
        var factory = new PlatformFactory(TestDatabase.Sqlite).With("Frontend:CaptureDistPath", dist);
        await factory.InitializeAsync();
        factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new PlatformServer(factory, address.TrimEnd('/'));
    }

    public HttpClient Client(string? bearer = null)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = new Uri(BaseUrl) };
        if (bearer is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return client;
    }

    /// <summary>An application (link + iframe ways, built-in workflows) in the primary workspace and an API client for it.</summary>
    public async Task<HttpClient> CreateApiClientAsync(string[] allowedOrigins, string? returnUrl = null)
    {
        var admin = Client();
        (await admin.PostAsJsonAsync("/api/admin/auth/login", new { email = PlatformFactory.AdminEmail, password = PlatformFactory.AdminPassword })).EnsureSuccessStatusCode();
        var me = await admin.GetFromJsonAsync<JsonElement>("/api/admin/auth/me");
        var ws = me.GetProperty("workspaces")[0].GetProperty("id").GetGuid();
        await EnsurePublishedAsync(ws);
        var app = await (await admin.PostAsJsonAsync($"/api/admin/workspaces/{ws}/applications", new
        {
            name = "E2E Shop",
            returnUrl,
            allowedOrigins,
            onboardingWorkflow = "selfie-registration",
            verificationWorkflow = "face-authentication",
            verificationWays = new[] { "link", "iframe" },
        })).Content.ReadFromJsonAsync<JsonElement>();
        var key = await (await admin.PostAsJsonAsync($"/api/admin/workspaces/{ws}/applications/{app.GetProperty("id").GetGuid()}/keys", new { name = "e2e", mode = "live" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        return Client(key.GetProperty("key").GetString());
    }

    private async Task EnsurePublishedAsync(Guid workspaceId)
    {
        var store = _factory.Services.GetRequiredService<IWorkflowDefinitionStore>();
        var service = _factory.Services.GetRequiredService<WorkflowDefinitionService>();
        foreach (var key in new[] { "selfie-registration", "face-authentication" })
        {
            if (await store.GetPublishedAsync(workspaceId.ToString("D"), key) is null)
                await service.ImportAsync(workspaceId.ToString("D"), await File.ReadAllTextAsync(Path.Combine(TestPaths.RepoRoot, "workflows", key + ".json")), publish: true);
        }
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();
}
