using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WorkflowPlatform.Testing;
using Xunit;

namespace WorkflowPlatform.Server.Tests;

/// <summary>Captures formatted log messages so tests can read what an operator would see.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    public ConcurrentQueue<string> Messages { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Messages.Enqueue(formatter(state, exception));
    }
}

public abstract partial class FirstRunSetupTests(TestDatabase database) : IAsyncLifetime
{
    private readonly PlatformFactory factory = new(database, bootstrapAdmin: false);
    private readonly CapturedLogs logs = new();
    private WebApplicationFactoryWithLogs? app;

    private sealed class WebApplicationFactoryWithLogs(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> inner)
    {
        public Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> Inner { get; } = inner;
    }

    public async Task InitializeAsync()
    {
        await factory.InitializeAsync();
        app = new WebApplicationFactoryWithLogs(factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<ILoggerProvider>(logs))));
    }

    public async Task DisposeAsync()
    {
        await app!.Inner.DisposeAsync();
        await factory.DisposeAsync();
    }

    [GeneratedRegex("setup\\?token=([0-9a-f]{48})")]
    private static partial Regex SetupLink();

    private string TokenFromLog()
    {
        var line = logs.Messages.FirstOrDefault(m => m.Contains("/console/setup?token=", StringComparison.Ordinal));
        Assert.NotNull(line);
        return SetupLink().Match(line).Groups[1].Value;
    }

    // Regression: the workspace made by first-run setup is created inside a transaction, and its built-in
    // workflows were only imported at the next start, so the README flow answered WORKFLOW_NOT_FOUND.
    [Fact]
    public async Task Setup_NewWorkspace_HasThePublishedBuiltInWorkflowsAtOnce()
    {
        var client = app!.Inner.CreateClient();
        var me = await (await client.PostAsJsonAsync("/api/admin/setup", new { token = TokenFromLog(), email = "first@example.test", password = "first-admin-password", workspaceName = "Acme" }))
            .JsonAsync(HttpStatusCode.Created);
        var ws = me.GetProperty("workspaces")[0].GetProperty("id").GetString();

        var workflows = await (await client.GetAsync($"/api/admin/workspaces/{ws}/workflows")).JsonAsync(HttpStatusCode.OK);

        var published = workflows.EnumerateArray()
            .Where(w => w.TryGetProperty("publishedVersion", out var v) && v.ValueKind == System.Text.Json.JsonValueKind.Number)
            .Select(w => w.GetProperty("key").GetString()).ToHashSet();
        Assert.Contains("selfie-registration", published);
        Assert.Contains("face-authentication", published);
    }

    [Fact]
    public async Task Setup_WithLoggedToken_CreatesOwnerSignsInAndClosesSetup()
    {
        var client = app!.Inner.CreateClient();
        var before = await (await client.GetAsync("/api/admin/setup/status")).JsonAsync(HttpStatusCode.OK);
        var token = TokenFromLog();

        var me = await (await client.PostAsJsonAsync("/api/admin/setup", new { token, email = "first@example.test", password = "first-admin-password", workspaceName = "Acme" }))
            .JsonAsync(HttpStatusCode.Created);
        var after = await (await client.GetAsync("/api/admin/setup/status")).JsonAsync(HttpStatusCode.OK);
        var again = await client.PostAsJsonAsync("/api/admin/setup", new { token, email = "second@example.test", password = "first-admin-password", workspaceName = "B" });
        var stillSignedIn = await (await client.GetAsync("/api/admin/auth/me")).JsonAsync(HttpStatusCode.OK);

        Assert.True(before.GetProperty("setupRequired").GetBoolean());
        Assert.Equal("Acme", me.GetProperty("workspaces")[0].GetProperty("name").GetString());
        Assert.Equal("Owner", me.GetProperty("workspaces")[0].GetProperty("role").GetString());
        Assert.False(after.GetProperty("setupRequired").GetBoolean());
        await again.ProblemAsync(HttpStatusCode.Conflict, "SETUP_ALREADY_DONE");
        Assert.Equal("first@example.test", stillSignedIn.GetProperty("email").GetString());
    }

    [Fact]
    public async Task Setup_WrongToken_Returns403AndCreatesNothing()
    {
        var client = app!.Inner.CreateClient();
        _ = TokenFromLog();

        var response = await client.PostAsJsonAsync("/api/admin/setup", new { token = new string('0', 48), email = "first@example.test", password = "first-admin-password" });
        var status = await (await client.GetAsync("/api/admin/setup/status")).JsonAsync(HttpStatusCode.OK);

        await response.ProblemAsync(HttpStatusCode.Forbidden, "SETUP_TOKEN_INVALID");
        Assert.True(status.GetProperty("setupRequired").GetBoolean());
    }

    [Fact]
    public async Task Setup_WeakPasswordOrBadEmail_Returns400AndKeepsTheToken()
    {
        var client = app!.Inner.CreateClient();
        var token = TokenFromLog();

        var weak = await client.PostAsJsonAsync("/api/admin/setup", new { token, email = "first@example.test", password = "short" });
        var badEmail = await client.PostAsJsonAsync("/api/admin/setup", new { token, email = "not an email", password = "first-admin-password" });
        var ok = await client.PostAsJsonAsync("/api/admin/setup", new { token, email = "first@example.test", password = "first-admin-password" });

        var p1 = await weak.ProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        var p2 = await badEmail.ProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.True(p1.GetProperty("errors").TryGetProperty("password", out _));
        Assert.True(p2.GetProperty("errors").TryGetProperty("email", out _));
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
    }
}

public sealed class FirstRunSetupTests_Sqlite() : FirstRunSetupTests(TestDatabase.Sqlite);

public sealed class FirstRunSetupTests_Postgres() : FirstRunSetupTests(TestDatabase.Postgres);
