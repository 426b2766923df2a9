using System.Net;
using System.Net.Http.Headers;
using WorkflowPlatform.Testing;
using Xunit;

namespace WorkflowPlatform.Server.Tests;

public abstract class HostingTests<TFactory>(TFactory factory) : IClassFixture<TFactory> where TFactory : PlatformFactory
{
    [Fact]
    public async Task HealthReady_DatabaseAndScheduler_AreHealthy()
    {
        var json = await (await factory.CreateClient().GetAsync("/health/ready")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal("Healthy", json.GetProperty("status").GetString());
        Assert.Equal("Healthy", json.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("Healthy", json.GetProperty("checks").GetProperty("scheduler").GetProperty("status").GetString());
    }

    [Fact]
    public async Task HealthLive_Returns200()
    {
        var json = await (await factory.CreateClient().GetAsync("/health/live")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal("Healthy", json.GetProperty("status").GetString());
    }

    [Fact]
    public async Task OpenApi_Document_DescribesAdminAndPublicRoutes()
    {
        var json = await (await factory.CreateClient().GetAsync("/openapi/v1.json")).JsonAsync(HttpStatusCode.OK);
        var paths = json.GetProperty("paths");

        Assert.True(paths.TryGetProperty("/api/admin/workspaces/{workspaceId}/applications", out _));
        Assert.True(paths.TryGetProperty("/api/admin/workspaces/{workspaceId}/applications/{id}/keys", out _));
        Assert.True(paths.TryGetProperty("/api/v1/me", out _));
    }

    [Fact]
    public async Task ApiReference_ServesPageThatLoadsTheOpenApiDocument()
    {
        var response = await factory.CreateClient().GetAsync("/api-reference");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("/openapi/v1.json", html, StringComparison.Ordinal);
    }
}

public sealed class HostingTests_Sqlite(SqlitePlatformFactory factory) : HostingTests<SqlitePlatformFactory>(factory);

public sealed class HostingTests_Postgres(PostgresPlatformFactory factory) : HostingTests<PostgresPlatformFactory>(factory);

public sealed class RateLimitTests : IAsyncLifetime
{
    private readonly PlatformFactory factory = new PlatformFactory(TestDatabase.Sqlite)
        .With("RateLimiting:PerIpPermits", "3")
        .With("RateLimiting:PerApiKeyPermits", "2")
        .With("RateLimiting:WindowSeconds", "600");

    public Task InitializeAsync() => factory.InitializeAsync();

    public Task DisposeAsync() => factory.DisposeAsync();

    [Fact]
    public async Task PerIp_OverLimit_Returns429WithRetryAfter()
    {
        var client = factory.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await client.GetAsync("/api/admin/setup/status")).StatusCode);
        }

        var response = await client.GetAsync("/api/admin/setup/status");

        await response.ProblemAsync(HttpStatusCode.TooManyRequests, "RATE_LIMITED");
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
    }

    [Fact]
    public async Task PerApiKey_EachKeyHasItsOwnBudget()
    {
        var a = factory.CreateClient();
        a.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "wfp_live_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
        var b = factory.CreateClient();
        b.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "wfp_live_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");

        await a.GetAsync("/api/v1/me");
        await a.GetAsync("/api/v1/me");
        var third = await a.GetAsync("/api/v1/me");
        var other = await b.GetAsync("/api/v1/me");

        await third.ProblemAsync(HttpStatusCode.TooManyRequests, "RATE_LIMITED");
        await other.ProblemAsync(HttpStatusCode.Unauthorized, "API_KEY_INVALID");
    }
}
