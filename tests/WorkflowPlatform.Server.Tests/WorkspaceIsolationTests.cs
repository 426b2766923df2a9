using System.Net;
using System.Net.Http.Json;
using WorkflowPlatform.Testing;
using Xunit;

namespace WorkflowPlatform.Server.Tests;

/// <summary>An admin of workspace A gets 404 NOT_FOUND for everything of workspace B, whatever the route.</summary>
public abstract class WorkspaceIsolationTests<TFactory>(TFactory factory) : IClassFixture<TFactory> where TFactory : PlatformFactory
{
    private sealed record Tenant(HttpClient Client, Guid Workspace, Guid Application, Guid Key, Guid UserId);

    private async Task<Tenant> TenantAsync(string name)
    {
        var owner = await factory.CreateAdminClientAsync();
        var ws = await AdminApi.CreateWorkspaceAsync(owner, name);
        var email = AdminApi.NewEmail(name);
        await AdminApi.AddMemberAsync(owner, ws, email, "Owner");
        var client = await factory.CreateSignedInClientAsync(email, "member-password-123");
        var app = await AdminApi.CreateApplicationAsync(client, ws);
        var (key, _) = await AdminApi.CreateKeyAsync(client, ws, app);
        var me = await (await client.GetAsync("/api/admin/auth/me")).JsonAsync(HttpStatusCode.OK);
        return new Tenant(client, ws, app, key, me.GetProperty("id").GetGuid());
    }

    public static TheoryData<string, string> Routes() => new()
    {
        { "GET", "/api/admin/workspaces/{ws}" },
        { "GET", "/api/admin/workspaces/{ws}/applications" },
        { "POST", "/api/admin/workspaces/{ws}/applications" },
        { "GET", "/api/admin/workspaces/{ws}/applications/{app}" },
        { "PUT", "/api/admin/workspaces/{ws}/applications/{app}" },
        { "DELETE", "/api/admin/workspaces/{ws}/applications/{app}" },
        { "GET", "/api/admin/workspaces/{ws}/applications/{app}/keys" },
        { "POST", "/api/admin/workspaces/{ws}/applications/{app}/keys" },
        { "DELETE", "/api/admin/workspaces/{ws}/applications/{app}/keys/{key}" },
        { "GET", "/api/admin/workspaces/{ws}/members" },
        { "POST", "/api/admin/workspaces/{ws}/members" },
        { "DELETE", "/api/admin/workspaces/{ws}/members/{user}" },
        { "GET", "/api/admin/workspaces/{ws}/audit" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task AdminEndpoint_OtherWorkspaceIds_Returns404(string method, string template)
    {
        var a = await TenantAsync("iso-a");
        var b = await TenantAsync("iso-b");
        var url = template.Replace("{ws}", b.Workspace.ToString()).Replace("{app}", b.Application.ToString())
            .Replace("{key}", b.Key.ToString()).Replace("{user}", b.UserId.ToString());

        var response = await a.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url)
        {
            Content = method is "POST" or "PUT" ? JsonContent.Create(new { name = "intruder", email = "x@example.test", role = "Viewer" }) : null,
        });

        await response.ProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        // And B's data is untouched.
        await (await b.Client.GetAsync($"/api/admin/workspaces/{b.Workspace}/applications/{b.Application}")).JsonAsync(HttpStatusCode.OK);
        var keys = await (await b.Client.GetAsync($"/api/admin/workspaces/{b.Workspace}/applications/{b.Application}/keys")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(JsonValueKindNull, keys[0].GetProperty("revokedAt").ValueKind);
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;

    [Theory]
    [InlineData("GET", "/api/admin/workspaces/{ws}/applications/{app}")]
    [InlineData("PUT", "/api/admin/workspaces/{ws}/applications/{app}")]
    [InlineData("DELETE", "/api/admin/workspaces/{ws}/applications/{app}")]
    [InlineData("GET", "/api/admin/workspaces/{ws}/applications/{app}/keys")]
    [InlineData("POST", "/api/admin/workspaces/{ws}/applications/{app}/keys")]
    [InlineData("DELETE", "/api/admin/workspaces/{ws}/applications/{app}/keys/{key}")]
    [InlineData("DELETE", "/api/admin/workspaces/{ws}/members/{user}")]
    public async Task AdminEndpoint_OwnWorkspaceWithOtherWorkspacesEntityIds_Returns404(string method, string template)
    {
        var a = await TenantAsync("mix-a");
        var b = await TenantAsync("mix-b");
        var url = template.Replace("{ws}", a.Workspace.ToString()).Replace("{app}", b.Application.ToString())
            .Replace("{key}", b.Key.ToString()).Replace("{user}", b.UserId.ToString());

        var response = await a.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url)
        {
            Content = method is "POST" or "PUT" ? JsonContent.Create(new { name = "intruder" }) : null,
        });

        await response.ProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await b.Client.GetAsync($"/api/admin/workspaces/{b.Workspace}/applications/{b.Application}")).JsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ApplicationsList_OnlyOwnWorkspace()
    {
        var a = await TenantAsync("list-a");
        var b = await TenantAsync("list-b");

        var list = await (await a.Client.GetAsync($"/api/admin/workspaces/{a.Workspace}/applications")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal([a.Application], list.EnumerateArray().Select(x => x.GetProperty("id").GetGuid()));
        Assert.DoesNotContain(list.EnumerateArray(), x => x.GetProperty("id").GetGuid() == b.Application);
    }
}

public sealed class WorkspaceIsolationTests_Sqlite(SqlitePlatformFactory factory) : WorkspaceIsolationTests<SqlitePlatformFactory>(factory);

public sealed class WorkspaceIsolationTests_Postgres(PostgresPlatformFactory factory) : WorkspaceIsolationTests<PostgresPlatformFactory>(factory);
