using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using WorkflowPlatform.Engine;
using WorkflowPlatform.Engine.Definitions;
using WorkflowPlatform.Engine.Execution;
using WorkflowPlatform.Engine.Modules;
using WorkflowPlatform.Engine.Persistence;
using WorkflowPlatform.Engine.Scheduling;
using WorkflowPlatform.Storage.Migrations;
using WorkflowPlatform.Storage.Workflows;
using WorkflowPlatform.Storage.Workspaces;
using WorkflowPlatform.Testing;

namespace WorkflowPlatform.Storage.Tests.Workflows;

/// <summary>
/// The real engine (<c>AddWorkflowEngine().UseEfStores()</c>) on a fresh, migrated database of one kind, with a
/// manual clock. <see cref="BuildEngine"/> gives further independent "processes" on the same database.
/// </summary>
public sealed class WorkflowStorageHarness : IAsyncDisposable
{
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "wfp-wf-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly List<ServiceProvider> _providers = [];

    private WorkflowStorageHarness(TestDatabase kind) => Kind = kind;

    public TestDatabase Kind { get; }

    public string? PostgresConnectionString { get; private set; }

    public ManualTime Time { get; } = new();

    public ServiceProvider Services { get; private set; } = null!;

    public WorkflowEngine Engine => Services.GetRequiredService<WorkflowEngine>();

    public WorkflowDefinitionService Definitions => Services.GetRequiredService<WorkflowDefinitionService>();

    public EfWorkflowInstanceStore Instances => Services.GetRequiredService<EfWorkflowInstanceStore>();

    public EfWorkflowDefinitionStore DefinitionStore => Services.GetRequiredService<EfWorkflowDefinitionStore>();

    public WorkflowSweeper Sweeper => Services.GetRequiredService<WorkflowSweeper>();

    public static async Task<WorkflowStorageHarness> StartAsync(TestDatabase kind)
    {
        var harness = new WorkflowStorageHarness(kind);
        if (kind == TestDatabase.Postgres)
        {
            harness.PostgresConnectionString = await (await PostgresServer.Shared).CreateDatabaseAsync("wf");
        }

        harness.Services = harness.BuildEngine();
        await harness.Services.GetRequiredService<SchemaMigrator>().MigrateAsync();
        return harness;
    }

    /// <summary>An independent service provider (another server process) on the same database and clock.</summary>
    public ServiceProvider BuildEngine(Action<WorkflowEngineOptions>? options = null)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:DataPath"] = _dataPath,
            ["Storage:Provider"] = Kind == TestDatabase.Postgres ? "Postgres" : "Sqlite",
            ["ConnectionStrings:Postgres"] = PostgresConnectionString,
        }).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(config)
            .AddSingleton<TimeProvider>(Time);
        services.AddStorage(config);
        services.AddWorkflowEngine(options).UseEfStores().UseInMemoryScheduler().AddModule<AwaitInputModule>();
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        _providers.Add(provider);
        return provider;
    }

    /// <summary>A workspace row (instances and definitions reference it).</summary>
    public async Task<string> CreateWorkspaceAsync(string name = "ws")
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var ws = new Workspace { Id = Guid.NewGuid(), Name = name, CreatedAt = Time.GetUtcNow() };
        db.Workspaces.Add(ws);
        await db.SaveChangesAsync();
        return ws.Id.ToString();
    }

    public async Task<WorkflowDefinitionVersion> PublishFixtureAsync(string workspaceId, string fixture, Func<WorkflowDefinition, WorkflowDefinition>? change = null)
    {
        var definition = DefinitionSerializer.Deserialize(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Workflows", "Fixtures", fixture + ".json")));
        definition = change?.Invoke(definition) ?? definition;
        await Definitions.SaveDraftAsync(workspaceId, definition);
        return await Definitions.PublishAsync(workspaceId, definition.Key);
    }

    public static StartRequest Request(string workspaceId, string workflow, string? userId = "user-1", TimeSpan? ttl = null) => new()
    {
        WorkspaceId = workspaceId,
        Workflow = workflow,
        UserId = userId,
        User = new Dictionary<string, object?> { ["is_new"] = true, ["selfie_registered"] = false },
        Request = new Dictionary<string, object?>
        {
            ["locale"] = "de-DE",
            ["metadata"] = new Dictionary<string, object?> { ["country"] = "DE", ["age"] = 30L },
        },
        TimeToLive = ttl,
    };

    public async ValueTask DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dataPath))
        {
            Directory.Delete(_dataPath, recursive: true);
        }
    }
}

/// <summary>A clock moved by hand (whole seconds, so both databases keep it exactly).</summary>
public sealed class ManualTime : TimeProvider
{
    private readonly Lock _gate = new();
    private DateTimeOffset _now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public void Advance(TimeSpan by)
    {
        lock (_gate)
        {
            _now += by;
        }
    }
}

/// <summary>An interactive module: suspends on <c>input</c>, continues with <c>score</c> from the resume input.</summary>
public sealed class AwaitInputModule : IWorkflowModule
{
    public ModuleDescriptor Descriptor { get; } = new()
    {
        Type = "await_input",
        DisplayName = "Await input",
        Category = "test",
        Interactive = true,
        Outputs = [new OutputDescriptor { Name = "score", Type = OutputTypes.Double }],
    };

    public ValueTask<ModuleResult> ExecuteAsync(ModuleContext context)
        => ValueTask.FromResult(context.Resume is null
            ? ModuleResult.Suspend("input", new Dictionary<string, object?> { ["asked_at"] = context.Time.GetUtcNow() })
            : ModuleResult.Done(new Dictionary<string, object?> { ["score"] = context.Resume.Input.GetValueOrDefault("score") }));
}
