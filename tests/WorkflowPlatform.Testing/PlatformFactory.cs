using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using WorkflowPlatform.Storage;
using Xunit;

namespace WorkflowPlatform.Testing;

public enum TestDatabase
{
    Sqlite,
    Postgres,
}

/// <summary>
/// The real server (<c>Program</c>) on a real database: SQLite in a temp data folder, or a fresh
/// database on the shared <see cref="PostgresServer"/>. First admin from configuration
/// (<see cref="AdminEmail"/>/<see cref="AdminPassword"/>) unless <c>bootstrapAdmin: false</c>.
/// Use as an xunit class fixture through the subclasses, or directly with <c>await using</c>.
/// </summary>
public class PlatformFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminEmail = "owner@example.test";
    public const string AdminPassword = "correct-horse-battery";

    private static int counter;
    private readonly Dictionary<string, string?> settings = new(StringComparer.OrdinalIgnoreCase);
    private readonly string dataPath;

    /// <param name="database">Which database to run on.</param>
    /// <param name="bootstrapAdmin">Create the owner <see cref="AdminEmail"/> from configuration.</param>
    /// <param name="postgresConnectionString">Share an existing PostgreSQL database (another "node") instead of creating one.</param>
    public PlatformFactory(TestDatabase database, bool bootstrapAdmin = true, string? postgresConnectionString = null)
    {
        Database = database;
        PostgresConnectionString = postgresConnectionString;
        dataPath = Path.Combine(Path.GetTempPath(), "wfp-test-" + Guid.NewGuid().ToString("N")[..12]);
        settings["Storage:DataPath"] = dataPath;
        settings["Scheduler:InstanceName"] = $"wfp-test-{Environment.ProcessId}-{Interlocked.Increment(ref counter)}";
        settings["RateLimiting:PerApiKeyPermits"] = "100000";
        settings["RateLimiting:PerIpPermits"] = "100000";
        if (bootstrapAdmin)
        {
            settings["Admin:Email"] = AdminEmail;
            settings["Admin:Password"] = AdminPassword;
            settings["Admin:WorkspaceName"] = "Primary";
        }
    }

    public TestDatabase Database { get; }

    /// <summary>The PostgreSQL connection string (after <see cref="InitializeAsync"/>), or null on SQLite.</summary>
    public string? PostgresConnectionString { get; private set; }

    /// <summary>Overrides a configuration value; call before the first client is created.</summary>
    public PlatformFactory With(string key, string? value)
    {
        settings[key] = value;
        return this;
    }

    public virtual async Task InitializeAsync()
    {
        if (Database == TestDatabase.Postgres)
        {
            PostgresConnectionString ??= await (await PostgresServer.Shared).CreateDatabaseAsync(GetType().Name);
            settings["Storage:Provider"] = "Postgres";
            settings["ConnectionStrings:Postgres"] = PostgresConnectionString;
            // Nodes sharing a PostgreSQL database must share the blob key, so the server requires one there.
            settings["Blobs:Keys:test"] = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData("wfp-test-blob-key"u8));
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
        builder.UseEnvironment("Testing");
    }

    /// <summary>A client signed in as the bootstrap owner (cookie kept by the client).</summary>
    public Task<HttpClient> CreateAdminClientAsync() => CreateSignedInClientAsync(AdminEmail, AdminPassword);

    public async Task<HttpClient> CreateSignedInClientAsync(string email, string password)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var response = await client.PostAsJsonAsync("/api/admin/auth/login", new { email, password });
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Sign-in as {email} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        return client;
    }

    /// <summary>Runs <paramref name="action"/> with a scoped <see cref="PlatformDbContext"/>, optionally in a workspace.</summary>
    public async Task<T> WithDbAsync<T>(Func<PlatformDbContext, Task<T>> action, Guid? workspaceId = null)
    {
        await using var scope = Services.CreateAsyncScope();
        if (workspaceId is { } ws)
        {
            scope.ServiceProvider.GetRequiredService<IWorkspaceContext>().Set(ws);
        }
        return await action(scope.ServiceProvider.GetRequiredService<PlatformDbContext>());
    }

    public new virtual async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            if (Directory.Exists(dataPath))
            {
                Directory.Delete(dataPath, recursive: true);
            }
        }
        catch (IOException)
        {
            // Left for the OS temp cleaner; never fail a test run over a temp folder.
        }
    }
}

/// <summary>Class fixture: the platform on SQLite.</summary>
public sealed class SqlitePlatformFactory() : PlatformFactory(TestDatabase.Sqlite);

/// <summary>Class fixture: the platform on PostgreSQL (fresh database per test class).</summary>
public sealed class PostgresPlatformFactory() : PlatformFactory(TestDatabase.Postgres);
