using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using WorkflowPlatform.Engine.Definitions;
using WorkflowPlatform.Faces.Imaging;
using WorkflowPlatform.Testing;
using Xunit;

namespace WorkflowPlatform.Server.Tests.Requests;

/// <summary>A clock the tests move by hand (tokens, photo URLs, TTLs).</summary>
public sealed class TestClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}

/// <summary>
/// The real server with a movable clock and the built-in workflows published in the primary workspace; creates
/// applications and API keys through the admin API.
/// </summary>
public class SelfiePathFactory(TestDatabase database) : PlatformFactory(database)
{
    public TestClock Clock { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
    }

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly HashSet<Guid> _published = [];

    /// <summary>Imports and publishes workflows/*.json into <paramref name="workspaceId"/> once.</summary>
    public async Task PublishBuiltInsAsync(Guid workspaceId)
    {
        await _gate.WaitAsync();
        try
        {
            if (!_published.Add(workspaceId))
                return;
            var service = Services.GetRequiredService<WorkflowDefinitionService>();
            var store = Services.GetRequiredService<WorkflowPlatform.Engine.Persistence.IWorkflowDefinitionStore>();
            foreach (var file in Directory.GetFiles(Path.Combine(Faces.RepoRoot, "workflows"), "*.json"))
            {
                if (file.EndsWith("workflow.schema.json", StringComparison.Ordinal))
                    continue;
                // The server imports the built-ins into every workspace itself; publish only what is missing.
                var key = Path.GetFileNameWithoutExtension(file);
                if (await store.GetPublishedAsync(workspaceId.ToString("D"), key) is null)
                    await service.ImportAsync(workspaceId.ToString("D"), await File.ReadAllTextAsync(file), publish: true);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A workspace with an application (all ways, the built-in workflows attached) and an API client for it.</summary>
    public async Task<ApiClient> CreateClientAsync(string[]? ways = null, string[]? origins = null, int ttlSeconds = 1800, Guid? workspaceId = null, string? locale = null)
    {
        var admin = await CreateAdminClientAsync();
        var ws = workspaceId ?? await AdminApi.PrimaryWorkspaceAsync(admin);
        await PublishBuiltInsAsync(ws);
        var app = await (await admin.PostAsJsonAsync($"/api/admin/workspaces/{ws}/applications", new
        {
            name = "Shop " + Guid.NewGuid().ToString("N")[..6],
            returnUrl = "https://shop.example/done",
            allowedOrigins = origins ?? ["https://shop.example"],
            sessionTtlSeconds = ttlSeconds,
            defaultLocale = locale ?? "en-US",
            onboardingWorkflow = "selfie-registration",
            verificationWorkflow = "face-authentication",
            verificationWays = ways ?? ["link", "iframe", "qr", "email", "sms"],
        })).JsonAsync(HttpStatusCode.Created);
        var appId = app.GetProperty("id").GetGuid();
        var (_, key) = await AdminApi.CreateKeyAsync(admin, ws, appId);
        var http = CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return new ApiClient(this, http, ws, appId, admin);
    }

    public HttpClient CreateSessionClient(string token)
    {
        var http = CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }
}

public sealed class SqliteSelfiePathFactory() : SelfiePathFactory(TestDatabase.Sqlite);

public sealed class PostgresSelfiePathFactory() : SelfiePathFactory(TestDatabase.Postgres);

/// <summary>An API client of one application.</summary>
public sealed record ApiClient(SelfiePathFactory Factory, HttpClient Http, Guid WorkspaceId, Guid ApplicationId, HttpClient Admin)
{
    public async Task<JsonElement> CreateRequestAsync(object body, string? idempotencyKey = null)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "/api/v1/requests") { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
            message.Headers.Add("Idempotency-Key", idempotencyKey);
        return await (await Http.SendAsync(message)).JsonAsync(HttpStatusCode.Created);
    }

    public async Task<JsonElement> GetRequestAsync(string id) => await (await Http.GetAsync($"/api/v1/requests/{id}")).JsonAsync(HttpStatusCode.OK);

    /// <summary>Creates a request and returns (request id, session token, body).</summary>
    public async Task<(string Id, string Token, JsonElement Body)> StartAsync(string userId, object? extra = null)
    {
        var body = extra ?? new { user_id = userId, verification_way = new { type = "link" } };
        var created = await CreateRequestAsync(body);
        return (created.GetProperty("request_id").GetString()!, Faces.TokenOf(created.GetProperty("verification_url").GetString()!), created);
    }
}

/// <summary>The shared test photos and images made from them.</summary>
public static class Faces
{
    public static string RepoRoot => TestPhotos.RepoRoot;

    public static string Dir => TestPhotos.FacesDir;

    public static byte[] Bytes(string file) => TestPhotos.Bytes(file);

    public static string Base64(string file) => Convert.ToBase64String(Bytes(file));

    public static string TokenOf(string url) => Uri.UnescapeDataString(url.Split("token=")[1].Split('&')[0]);

    /// <summary>A real photo turned a quarter (the face lies on its side).</summary>
    public static byte[] Rotated(string file) => TestPhotos.EncodePng(TestPhotos.Rotate90(ImageDecoder.Decode(Bytes(file))));

    /// <summary>A smooth gradient: real image content without a face.</summary>
    public static byte[] Gradient(int width = 640, int height = 480) => TestPhotos.EncodePng(TestPhotos.Gradient(width, height));

    public static byte[] EncodePng(RgbImage image) => TestPhotos.EncodePng(image);
}
