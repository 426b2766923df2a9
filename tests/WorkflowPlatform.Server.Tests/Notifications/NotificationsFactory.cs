using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using WorkflowPlatform.Engine.Definitions;
using WorkflowPlatform.Server.Notifications;
using WorkflowPlatform.Server.Tests.Requests;
using WorkflowPlatform.Testing;

namespace WorkflowPlatform.Server.Tests.Notifications;

/// <summary>
/// The real server with a hand-moved clock, loopback webhooks allowed, no jitter, a 1 s attempt timeout, and the
/// delivery loop off: tests run delivery passes themselves (<see cref="DeliverDueAsync"/>) so retry timing is exact.
/// </summary>
public class NotificationsFactory : PlatformFactory
{
    public NotificationsFactory(TestDatabase database) : base(database)
    {
        With("Webhooks:AllowLoopback", "true");
        With("Webhooks:DeliveryEnabled", "false");
        With("Webhooks:Jitter", "0");
        With("Webhooks:Timeout", "00:00:01");
        With("Webhooks:LeaseDuration", "00:00:30");
        With("Blobs:Keys:test1", Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        With("Blobs:ActiveKeyId", "test1");
        With("VerificationWays:Email:Host", "127.0.0.1");
        With("VerificationWays:Email:Port", Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        With("VerificationWays:Email:From", "notify@platform.test");
    }

    /// <summary>The SMTP server e-mail notifications and owner alerts go to.</summary>
    public SmtpSink Smtp { get; } = new();

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Smtp.Dispose();
    }

    public TestClock Clock { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
    }

    /// <summary>Runs delivery passes until nothing is due at the clock's time.</summary>
    public Task DeliverDueAsync() => Services.GetRequiredService<NotificationDispatcher>().DrainAsync();

    /// <summary>A workspace with the instant-approve workflow, an application, an API client and the admin client.</summary>
    public async Task<NotifyClient> CreateClientAsync(string[]? notificationDomains = null)
    {
        var admin = await CreateAdminClientAsync();
        var ws = await AdminApi.CreateWorkspaceAsync(admin, "N " + Guid.NewGuid().ToString("N")[..6]);
        var json = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Notifications", "Workflows", "instant-approve.json"));
        var definitions = Services.GetRequiredService<WorkflowDefinitionService>();
        await definitions.ImportAsync(ws.ToString("D"), json, publish: true);
        // An interactive built-in (waits for a selfie), unless the new workspace already got it published.
        if (await Services.GetRequiredService<WorkflowPlatform.Engine.Persistence.IWorkflowDefinitionStore>().GetPublishedAsync(ws.ToString("D"), "selfie-registration") is null)
        {
            await definitions.ImportAsync(ws.ToString("D"), await File.ReadAllTextAsync(Path.Combine(WorkflowPlatform.Server.Tests.Requests.Faces.RepoRoot, "workflows", "selfie-registration.json")), publish: true);
        }
        var app = await (await admin.PostAsJsonAsync($"/api/admin/workspaces/{ws}/applications", new
        {
            name = "Shop",
            verificationWays = new[] { "link" },
            onboardingWorkflow = "instant-approve",
            notificationDomains = notificationDomains ?? [],
        })).JsonAsync(HttpStatusCode.Created);
        var appId = app.GetProperty("id").GetGuid();
        var (_, key) = await AdminApi.CreateKeyAsync(admin, ws, appId);
        var http = CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return new NotifyClient(this, http, admin, ws, appId);
    }
}

public sealed class SqliteNotificationsFactory() : NotificationsFactory(TestDatabase.Sqlite);

public sealed class PostgresNotificationsFactory() : NotificationsFactory(TestDatabase.Postgres);

/// <summary>An application's API client plus the workspace admin.</summary>
public sealed record NotifyClient(NotificationsFactory Factory, HttpClient Api, HttpClient Admin, Guid WorkspaceId, Guid ApplicationId)
{
    public string Hooks => $"/api/admin/workspaces/{WorkspaceId}/webhooks";

    /// <summary>Creates a webhook endpoint; returns (id, secret).</summary>
    public async Task<Guid> AddEmailAsync(string[] to, params string[] events)
    {
        var body = await (await Admin.PostAsJsonAsync($"{Hooks}/endpoints", new { applicationId = ApplicationId, kind = "email", emailTo = to, events }))
            .JsonAsync(HttpStatusCode.Created);
        return body.GetProperty("endpoint").GetProperty("id").GetGuid();
    }

    public async Task<(Guid Id, string Secret)> AddEndpointAsync(string url, params string[] events)
    {
        var body = await (await Admin.PostAsJsonAsync($"{Hooks}/endpoints", new { applicationId = ApplicationId, url, events }))
            .JsonAsync(HttpStatusCode.Created);
        return (body.GetProperty("endpoint").GetProperty("id").GetGuid(), body.GetProperty("secret").GetString()!);
    }

    public async Task<string> CreateRequestAsync(string userId, string? notificationUrl = null)
    {
        var response = await Api.PostAsJsonAsync("/api/v1/requests", new { workflow = "instant-approve", user_id = userId, verification_way = new { type = "link" }, notification_url = notificationUrl });
        return (await response.JsonAsync(HttpStatusCode.Created)).GetProperty("request_id").GetString()!;
    }

    public async Task<JsonElement> EndpointAsync(Guid id) => await (await Admin.GetAsync($"{Hooks}/endpoints/{id}")).JsonAsync(HttpStatusCode.OK);

    public async Task<JsonElement> DeliveriesAsync(Guid id) => await (await Admin.GetAsync($"{Hooks}/endpoints/{id}/deliveries")).JsonAsync(HttpStatusCode.OK);
}
