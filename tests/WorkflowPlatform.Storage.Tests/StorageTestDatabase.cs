using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using WorkflowPlatform.Storage.Migrations;
using WorkflowPlatform.Testing;
using Xunit;

namespace WorkflowPlatform.Storage.Tests;

/// <summary>A fresh, empty database of one kind with <c>AddStorage</c> wired to it (no web host).</summary>
public sealed class StorageTestDatabase : IAsyncLifetime
{
    private readonly string dataPath = Path.Combine(Path.GetTempPath(), "wfp-storage-" + Guid.NewGuid().ToString("N")[..12]);

    public StorageTestDatabase(TestDatabase kind) => Kind = kind;

    public TestDatabase Kind { get; }
    public string? PostgresConnectionString { get; private set; }
    public ServiceProvider Services { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (Kind == TestDatabase.Postgres)
        {
            PostgresConnectionString = await (await PostgresServer.Shared).CreateDatabaseAsync("storage");
        }
        Services = BuildServices();
    }

    /// <summary>An independent service provider on the same database (another "server process").</summary>
    public ServiceProvider BuildServices()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:DataPath"] = dataPath,
            ["Storage:Provider"] = Kind == TestDatabase.Postgres ? "Postgres" : "Sqlite",
            ["ConnectionStrings:Postgres"] = PostgresConnectionString,
        }).Build();
        return new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(config)
            .AddStorage(config)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    public SchemaMigrator Migrator => Services.GetRequiredService<SchemaMigrator>();

    /// <summary>A scope with a context, optionally bound to a workspace.</summary>
    public (AsyncServiceScope Scope, PlatformDbContext Db) Open(Guid? workspaceId = null)
    {
        var scope = Services.CreateAsyncScope();
        if (workspaceId is { } ws)
        {
            scope.ServiceProvider.GetRequiredService<IWorkspaceContext>().Set(ws);
        }
        return (scope, scope.ServiceProvider.GetRequiredService<PlatformDbContext>());
    }

    public async Task DisposeAsync()
    {
        await Services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(dataPath))
        {
            Directory.Delete(dataPath, recursive: true);
        }
    }
}
