using System.Net;
using System.Net.Http.Json;
using System.Text;
using WorkflowPlatform.Testing;
using Xunit;

namespace WorkflowPlatform.Server.Tests;

/// <summary>Hostile or sloppy bodies get a 400/413/415 ProblemDetails with field errors, and nothing is written.</summary>
public sealed class BadInputTests(SqlitePlatformFactory factory) : IClassFixture<SqlitePlatformFactory>
{
    private async Task<(HttpClient Admin, Guid Ws, string Url)> ArrangeAsync()
    {
        var admin = await factory.CreateAdminClientAsync();
        var ws = await AdminApi.PrimaryWorkspaceAsync(admin);
        return (admin, ws, $"/api/admin/workspaces/{ws}/applications");
    }

    private async Task<(int Apps, int Audit)> CountsAsync(HttpClient admin, Guid ws)
    {
        var apps = await (await admin.GetAsync($"/api/admin/workspaces/{ws}/applications")).JsonAsync(HttpStatusCode.OK);
        var audit = await (await admin.GetAsync($"/api/admin/workspaces/{ws}/audit?take=500")).JsonAsync(HttpStatusCode.OK);
        return (apps.GetArrayLength(), audit.GetArrayLength());
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    [Theory]
    [InlineData("{\"name\": \"x\"")]
    [InlineData("{name: 'x'}")]
    [InlineData("{\"name\":\"x\",}")]
    [InlineData("")]
    public async Task Create_MalformedJson_Returns400MalformedJson(string body)
    {
        var (admin, ws, url) = await ArrangeAsync();
        var before = await CountsAsync(admin, ws);

        var response = await admin.PostAsync(url, Json(body));

        var problem = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(body.Length == 0 ? "VALIDATION_FAILED" : "MALFORMED_JSON", problem, StringComparison.Ordinal);
        Assert.Equal(before, await CountsAsync(admin, ws));
    }

    [Fact]
    public async Task Create_UnknownField_Returns400WithThatField()
    {
        var (admin, ws, url) = await ArrangeAsync();
        var before = await CountsAsync(admin, ws);

        var response = await admin.PostAsync(url, Json("{\"name\":\"x\",\"isAdmin\":true}"));

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.True(problem.GetProperty("errors").TryGetProperty("$.isAdmin", out _), problem.ToString());
        Assert.Equal(before, await CountsAsync(admin, ws));
    }

    [Fact]
    public async Task Create_WrongType_Returns400ValidationFailed()
    {
        var (admin, ws, url) = await ArrangeAsync();

        var response = await admin.PostAsync(url, Json("{\"name\":\"x\",\"attempts\":\"three\"}"));

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.True(problem.GetProperty("errors").TryGetProperty("$.attempts", out _), problem.ToString());
    }

    [Fact]
    public async Task Create_InvalidFields_Returns400WithEveryFieldError()
    {
        var (admin, ws, url) = await ArrangeAsync();
        var before = await CountsAsync(admin, ws);

        var response = await admin.PostAsJsonAsync(url, new
        {
            name = new string('n', 201),
            returnUrl = "javascript:alert(1)",
            allowedOrigins = new[] { "https://ok.example", "https://bad.example/path" },
            defaultLocale = "english",
            sessionTtlSeconds = 5,
            attempts = 9,
            onboardingWorkflow = "Not A Key!",
            verificationWays = new[] { "pigeon" },
            notificationDomains = new[] { "exa mple.com" },
        });

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "name", "returnUrl", "allowedOrigins[1]", "defaultLocale", "sessionTtlSeconds", "attempts", "onboardingWorkflow", "verificationWays[0]", "notificationDomains[0]" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"missing error for {field}: {errors}");
        }
        Assert.False(errors.TryGetProperty("allowedOrigins[0]", out _));
        Assert.Equal(before, await CountsAsync(admin, ws));
    }

    [Fact]
    public async Task Update_InvalidBody_LeavesApplicationUnchanged()
    {
        var (admin, ws, url) = await ArrangeAsync();
        var app = await AdminApi.CreateApplicationAsync(admin, ws, "Original");

        var response = await admin.PutAsJsonAsync($"{url}/{app}", new { name = "", attempts = 0 });
        var current = await (await admin.GetAsync($"{url}/{app}")).JsonAsync(HttpStatusCode.OK);

        await response.ProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.Equal("Original", current.GetProperty("name").GetString());
        Assert.Equal(3, current.GetProperty("attempts").GetInt32());
    }

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("a@b")]
    [InlineData("two@@example.com")]
    public async Task AddMember_InvalidEmail_Returns400EmailError(string email)
    {
        var (admin, ws, _) = await ArrangeAsync();

        var response = await admin.PostAsJsonAsync($"/api/admin/workspaces/{ws}/members", new { email, role = "Viewer", password = "member-password-123" });

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.True(problem.GetProperty("errors").TryGetProperty("email", out _));
    }

    [Fact]
    public async Task Create_BodyOverOneMegabyte_Returns413BodyTooLarge()
    {
        var (admin, ws, url) = await ArrangeAsync();
        var before = await CountsAsync(admin, ws);
        var body = "{\"name\":\"" + new string('x', 1024 * 1024 + 10) + "\"}";

        var response = await admin.PostAsync(url, Json(body));

        await response.ProblemAsync(HttpStatusCode.RequestEntityTooLarge, "BODY_TOO_LARGE");
        Assert.Equal(before, await CountsAsync(admin, ws));
    }

    [Fact]
    public async Task Create_WrongContentType_Returns415()
    {
        var (admin, _, url) = await ArrangeAsync();

        var response = await admin.PostAsync(url, new StringContent("name=x", Encoding.UTF8, "application/x-www-form-urlencoded"));

        await response.ProblemAsync(HttpStatusCode.UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE");
    }

    [Fact]
    public async Task UnknownRoute_Returns404Problem()
    {
        var response = await factory.CreateClient().GetAsync("/api/admin/nothing-here");

        await response.ProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task WrongMethod_Returns405Problem()
    {
        var response = await factory.CreateClient().PatchAsync("/api/admin/auth/login", Json("{}"));

        await response.ProblemAsync(HttpStatusCode.MethodNotAllowed, "METHOD_NOT_ALLOWED");
    }

    [Fact]
    public async Task WorkspaceRoute_NonGuidId_Returns404Problem()
    {
        var admin = await factory.CreateAdminClientAsync();

        var response = await admin.GetAsync("/api/admin/workspaces/not-a-guid/applications");

        await response.ProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }
}

/// <summary>An unexpected exception becomes a 500 ProblemDetails without internals, never a 404 or 200.</summary>
public sealed class UnhandledErrorTests : IAsyncLifetime
{
    private readonly PlatformFactory factory = new(TestDatabase.Sqlite);
    private Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> app = null!;

    public async Task InitializeAsync()
    {
        await factory.InitializeAsync();
        // A middleware appended after the application's pipeline: it runs for an unmatched path and
        // throws, so the exception travels through the real error handling.
        app = factory.WithWebHostBuilder(b => Microsoft.AspNetCore.TestHost.WebHostBuilderExtensions.ConfigureTestServices(b, s =>
            Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, ThrowingStartupFilter>(s)));
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await factory.DisposeAsync();
    }

    private sealed class ThrowingStartupFilter : Microsoft.AspNetCore.Hosting.IStartupFilter
    {
        public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => builder =>
        {
            next(builder);
            builder.Use(_ => http =>
                http.Request.Path == "/boom" ? throw new InvalidOperationException("secret internal detail") : Task.CompletedTask);
        };
    }

    [Fact]
    public async Task UnhandledException_Returns500InternalErrorWithoutInternals()
    {
        var response = await app.CreateClient().GetAsync("/boom");
        var text = await response.Content.ReadAsStringAsync();

        await response.ProblemAsync(HttpStatusCode.InternalServerError, "INTERNAL_ERROR");
        Assert.DoesNotContain("secret internal detail", text, StringComparison.Ordinal);
    }
}
