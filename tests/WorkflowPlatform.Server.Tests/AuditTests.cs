using System.Net;
using System.Net.Http.Json;
using WorkflowPlatform.Testing;
using Xunit;

namespace WorkflowPlatform.Server.Tests;

public abstract class AuditTests<TFactory>(TFactory factory) : IClassFixture<TFactory> where TFactory : PlatformFactory
{
    [Fact]
    public async Task AdminMutations_EachWriteAnAuditEntryWithActor()
    {
        var admin = await factory.CreateAdminClientAsync();
        var ws = await AdminApi.CreateWorkspaceAsync(admin, "audited");
        var app = await AdminApi.CreateApplicationAsync(admin, ws, "Before");
        (await admin.PutAsJsonAsync($"/api/admin/workspaces/{ws}/applications/{app}", new { name = "After" })).EnsureSuccessStatusCode();
        var (key, _) = await AdminApi.CreateKeyAsync(admin, ws, app);
        (await admin.DeleteAsync($"/api/admin/workspaces/{ws}/applications/{app}/keys/{key}")).EnsureSuccessStatusCode();
        await AdminApi.AddMemberAsync(admin, ws, AdminApi.NewEmail("audit"), "Viewer");
        (await admin.DeleteAsync($"/api/admin/workspaces/{ws}/applications/{app}")).EnsureSuccessStatusCode();

        var audit = await (await admin.GetAsync($"/api/admin/workspaces/{ws}/audit")).JsonAsync(HttpStatusCode.OK);
        var actions = audit.EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();

        Assert.Equal(
            ["application.deleted", "member.added", "api_key.revoked", "api_key.created", "application.updated", "application.created", "workspace.created"],
            actions);
        Assert.All(audit.EnumerateArray(), e => Assert.Equal(PlatformFactory.AdminEmail, e.GetProperty("actorEmail").GetString()));
        var updated = audit.EnumerateArray().Single(e => e.GetProperty("action").GetString() == "application.updated");
        Assert.Contains("Before", updated.GetProperty("before").GetString(), StringComparison.Ordinal);
        Assert.Contains("After", updated.GetProperty("after").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_FilterByEntityAndTime_ReturnsOnlyMatching()
    {
        var admin = await factory.CreateAdminClientAsync();
        var ws = await AdminApi.CreateWorkspaceAsync(admin, "audit-filter");
        await AdminApi.CreateApplicationAsync(admin, ws);

        var apps = await (await admin.GetAsync($"/api/admin/workspaces/{ws}/audit?entity=application")).JsonAsync(HttpStatusCode.OK);
        var future = await (await admin.GetAsync($"/api/admin/workspaces/{ws}/audit?from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToString("O"))}"))
            .JsonAsync(HttpStatusCode.OK);
        var past = await (await admin.GetAsync($"/api/admin/workspaces/{ws}/audit?to={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(-1).ToString("O"))}"))
            .JsonAsync(HttpStatusCode.OK);

        Assert.Equal(["application.created"], apps.EnumerateArray().Select(e => e.GetProperty("action").GetString()));
        Assert.Equal(0, future.GetArrayLength());
        Assert.Equal(0, past.GetArrayLength());
    }

    [Fact]
    public async Task Audit_ReadByViewer_Returns403()
    {
        var owner = await factory.CreateAdminClientAsync();
        var ws = await AdminApi.CreateWorkspaceAsync(owner, "audit-viewer");
        var email = AdminApi.NewEmail("viewer");
        await AdminApi.AddMemberAsync(owner, ws, email, "Viewer");
        var viewer = await factory.CreateSignedInClientAsync(email, "member-password-123");

        var response = await viewer.GetAsync($"/api/admin/workspaces/{ws}/audit");

        await response.ProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
    }
}

public sealed class AuditTests_Sqlite(SqlitePlatformFactory factory) : AuditTests<SqlitePlatformFactory>(factory);

public sealed class AuditTests_Postgres(PostgresPlatformFactory factory) : AuditTests<PostgresPlatformFactory>(factory);
