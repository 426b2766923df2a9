using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using WorkflowPlatform.Testing;
using Xunit;

namespace WorkflowPlatform.Server.Tests;

public abstract class ApiKeyTests<TFactory>(TFactory factory) : IClassFixture<TFactory> where TFactory : PlatformFactory
{
    private HttpClient Bearer(string key)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    [Fact]
    public async Task CreateKey_LiveMode_ShownOnceAndListedByPrefixOnly()
    {
        var admin = await factory.CreateAdminClientAsync();
        var ws = await AdminApi.PrimaryWorkspaceAsync(admin);
        var app = await AdminApi.CreateApplicationAsync(admin, ws);

        var (id, key) = await AdminApi.CreateKeyAsync(admin, ws, app);
        var listText = await (await admin.GetAsync($"/api/admin/workspaces/{ws}/applications/{app}/keys")).Content.ReadAsStringAsync();

        Assert.StartsWith("wfp_live_", key, StringComparison.Ordinal);
        Assert.True(key.Length >= 50);
        Assert.DoesNotContain(key, listText, StringComparison.Ordinal);
        Assert.Contains(key[..17], listText, StringComparison.Ordinal);
        Assert.Contains(id.ToString(), listText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiKey_Valid_AuthenticatesAsItsApplicationAndWorkspace()
    {
        var admin = await factory.CreateAdminClientAsync();
        var ws = await AdminApi.PrimaryWorkspaceAsync(admin);
        var app = await AdminApi.CreateApplicationAsync(admin, ws, "Key shop");
        var (_, key) = await AdminApi.CreateKeyAsync(admin, ws, app, "test");

        var me = await (await Bearer(key).GetAsync("/api/v1/me")).JsonAsync(HttpStatusCode.OK);

        Assert.StartsWith("wfp_test_", key, StringComparison.Ordinal);
        Assert.Equal(app, me.GetProperty("applicationId").GetGuid());
        Assert.Equal(ws, me.GetProperty("workspaceId").GetGuid());
        Assert.Equal("Key shop", me.GetProperty("applicationName").GetString());
        Assert.Equal("test", me.GetProperty("keyMode").GetString());
    }

    [Fact]
    public async Task ApiKey_Used_RecordsLastUsedAt()
    {
        var admin = await factory.CreateAdminClientAsync();
        var ws = await AdminApi.PrimaryWorkspaceAsync(admin);
        var app = await AdminApi.CreateApplicationAsync(admin, ws);
        var (_, key) = await AdminApi.CreateKeyAsync(admin, ws, app);
        var before = await (await admin.GetAsync($"/api/admin/workspaces/{ws}/applications/{app}/keys")).JsonAsync(HttpStatusCode.OK);

        (await Bearer(key).GetAsync("/api/v1/me")).EnsureSuccessStatusCode();
        var after = await (await admin.GetAsync($"/api/admin/workspaces/{ws}/applications/{app}/keys")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(System.Text.Json.JsonValueKind.Null, before[0].GetProperty("lastUsedAt").ValueKind);
        Assert.True(after[0].GetProperty("lastUsedAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
    }

    [Theory]
    [InlineData("wfp_live_thisKeyDoesNotExistAnywhere0000000000000000")]
    [InlineData("not-a-key")]
    public async Task ApiKey_Unknown_Returns401ApiKeyInvalid(string key)
    {
        var response = await Bearer(key).GetAsync("/api/v1/me");

        await response.ProblemAsync(HttpStatusCode.Unauthorized, "API_KEY_INVALID");
    }

    [Fact]
    public async Task ApiKey_Missing_Returns401ApiKeyInvalid()
    {
        var response = await factory.CreateClient().GetAsync("/api/v1/me");

        await response.ProblemAsync(HttpStatusCode.Unauthorized, "API_KEY_INVALID");
    }

    [Fact]
    public async Task ApiKey_Revoked_Returns401ApiKeyRevoked()
    {
        var admin = await factory.CreateAdminClientAsync();
        var ws = await AdminApi.PrimaryWorkspaceAsync(admin);
        var app = await AdminApi.CreateApplicationAsync(admin, ws);
        var (id, key) = await AdminApi.CreateKeyAsync(admin, ws, app);
        (await Bearer(key).GetAsync("/api/v1/me")).EnsureSuccessStatusCode();

        var revoke = await admin.DeleteAsync($"/api/admin/workspaces/{ws}/applications/{app}/keys/{id}");
        var response = await Bearer(key).GetAsync("/api/v1/me");
        var list = await (await admin.GetAsync($"/api/admin/workspaces/{ws}/applications/{app}/keys")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        await response.ProblemAsync(HttpStatusCode.Unauthorized, "API_KEY_REVOKED");
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, list[0].GetProperty("revokedAt").ValueKind);
    }

    [Fact]
    public async Task ApiKey_ApplicationDeleted_KeyStopsWorking()
    {
        var admin = await factory.CreateAdminClientAsync();
        var ws = await AdminApi.PrimaryWorkspaceAsync(admin);
        var app = await AdminApi.CreateApplicationAsync(admin, ws);
        var (_, key) = await AdminApi.CreateKeyAsync(admin, ws, app);

        (await admin.DeleteAsync($"/api/admin/workspaces/{ws}/applications/{app}")).EnsureSuccessStatusCode();
        var response = await Bearer(key).GetAsync("/api/v1/me");

        await response.ProblemAsync(HttpStatusCode.Unauthorized, "API_KEY_INVALID");
    }

    [Fact]
    public async Task CreateKey_InvalidMode_Returns400WithFieldError()
    {
        var admin = await factory.CreateAdminClientAsync();
        var ws = await AdminApi.PrimaryWorkspaceAsync(admin);
        var app = await AdminApi.CreateApplicationAsync(admin, ws);

        var response = await admin.PostAsJsonAsync($"/api/admin/workspaces/{ws}/applications/{app}/keys", new { name = "k", mode = "prod" });

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.True(problem.GetProperty("errors").TryGetProperty("mode", out _));
    }
}

public sealed class ApiKeyTests_Sqlite(SqlitePlatformFactory factory) : ApiKeyTests<SqlitePlatformFactory>(factory);

public sealed class ApiKeyTests_Postgres(PostgresPlatformFactory factory) : ApiKeyTests<PostgresPlatformFactory>(factory);
