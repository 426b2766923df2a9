using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using WorkflowPlatform.Engine;
using WorkflowPlatform.Engine.Definitions;
using WorkflowPlatform.Engine.Execution;
using WorkflowPlatform.Engine.Persistence;
using WorkflowPlatform.Faces;
using WorkflowPlatform.Storage;
using WorkflowPlatform.Storage.Blobs;
using WorkflowPlatform.Storage.Migrations;
using WorkflowPlatform.Storage.Workspaces;
using WorkflowPlatform.Testing;
using WorkflowPlatform.Verification.Capture;
using WorkflowPlatform.Verification.Photos;
using WorkflowPlatform.Verification.Profiles;

namespace WorkflowPlatform.Verification.Tests.Support;

/// <summary>The face models, loaded once per test process; missing files fail the tests with the loader's message (run <c>npm ci --prefix models</c>).</summary>
public static class SharedModels
{
    private static readonly Lazy<FaceModels> Models = new(() => FaceModels.Load(), LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<FaceAnalyzer> AnalyzerInstance = new(() => new FaceAnalyzer(Models.Value));

    public static FaceModels FaceModels => Models.Value;

    public static FaceAnalyzer Analyzer => AnalyzerInstance.Value;
}

/// <summary>
/// The real pieces wired as the server wires them, without HTTP: storage (SQLite file or a fresh PostgreSQL database,
/// migrated), the blob store of that storage, the face analyzer, the engine on its in-memory instance store, and
/// <c>AddVerification</c>. One workspace row is created.
/// </summary>
public sealed class VerificationHost : IAsyncDisposable
{
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "wfp-verif-" + Guid.NewGuid().ToString("N")[..12]);
    private int _resumeCounter;

    private VerificationHost(TestDatabase kind) => Kind = kind;

    public TestDatabase Kind { get; }
    public ServiceProvider Services { get; private set; } = null!;
    public string WorkspaceId { get; private set; } = "";
    public string DataPath => _dataPath;

    public WorkflowEngine Engine => Services.GetRequiredService<WorkflowEngine>();
    public SelfieCapture Capture => Services.GetRequiredService<SelfieCapture>();
    public UserProfiles Profiles => Services.GetRequiredService<UserProfiles>();
    public IUserProfileStore ProfileStore => Services.GetRequiredService<IUserProfileStore>();
    public WorkspaceGalleries Galleries => Services.GetRequiredService<WorkspaceGalleries>();
    public IBlobStore Blobs => Services.GetRequiredService<IBlobStore>();
    public IWorkflowInstanceStore Instances => Services.GetRequiredService<IWorkflowInstanceStore>();

    public static async Task<VerificationHost> StartAsync(TestDatabase kind, bool withFaces = true)
    {
        var host = new VerificationHost(kind);
        await host.InitializeAsync(withFaces);
        return host;
    }

    private async Task InitializeAsync(bool withFaces)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:DataPath"] = _dataPath,
            ["Storage:Provider"] = Kind == TestDatabase.Postgres ? "Postgres" : "Sqlite",
        };
        if (Kind == TestDatabase.Postgres)
        {
            settings["ConnectionStrings:Postgres"] = await (await PostgresServer.Shared).CreateDatabaseAsync("verification");
            // Several nodes share a PostgreSQL database, so the blob key is configuration there.
            settings["Blobs:Keys:test1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            settings["Blobs:ActiveKeyId"] = "test1";
        }
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(config)
            .AddStorage(config)
            .AddBlobStore(config);
        if (withFaces)
        {
            services.AddSingleton(_ => SharedModels.FaceModels);
            services.AddSingleton(_ => SharedModels.Analyzer);
        }
        services.AddWorkflowEngine().UseInMemoryStores().UseInMemoryScheduler().AddVerification();
        Services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        await Services.GetRequiredService<SchemaMigrator>().MigrateAsync();
        WorkspaceId = (await CreateWorkspaceAsync()).ToString();
    }

    public async Task<Guid> CreateWorkspaceAsync()
    {
        var id = Guid.NewGuid();
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        db.Workspaces.Add(new Workspace { Id = id, Name = "ws-" + id.ToString("N")[..6], CreatedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
        return id;
    }

    /// <summary>Saves and publishes <c>Workflows/{file}</c> in the workspace.</summary>
    public async Task PublishAsync(string file, string? workspaceId = null)
    {
        var definitions = Services.GetRequiredService<WorkflowDefinitionService>();
        var definition = DefinitionSerializer.Deserialize(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Workflows", file)));
        await definitions.SaveDraftAsync(workspaceId ?? WorkspaceId, definition);
        await definitions.PublishAsync(workspaceId ?? WorkspaceId, definition.Key);
    }

    public Task<RunResult> StartAsync(string workflow, string userId, string? workspaceId = null) => Engine.StartAsync(new StartRequest
    {
        WorkspaceId = workspaceId ?? WorkspaceId,
        Workflow = workflow,
        UserId = userId,
        User = new Dictionary<string, object?> { ["is_new"] = true, ["selfie_registered"] = false },
    });

    /// <summary>What public-api does for <c>POST /enrolment/face</c>: read the open bookmark's checks, analyse, resume.</summary>
    public async Task<(CaptureAnalysis Capture, RunResult Run)> SubmitAsync(string instanceId, byte[] image)
    {
        var instance = await Instances.GetAsync(instanceId) ?? throw new InvalidOperationException("no instance");
        var bookmark = Verification.Modules.FaceCaptureModule.FindOpenBookmark(instance) ?? throw new InvalidOperationException("no open face bookmark");
        var checks = (IReadOnlyDictionary<string, object?>)bookmark.Payload["checks"]!;
        var capture = await Capture.AnalyzeAsync(instance.WorkspaceId, instanceId, image, checks);
        var run = await Engine.ResumeAsync(instanceId, bookmark.Name, capture.ToDictionary(), "submit-" + Interlocked.Increment(ref _resumeCounter));
        return (capture, run);
    }

    public async Task<Bookmark?> OpenFaceBookmarkAsync(string instanceId)
        => await Instances.GetAsync(instanceId) is { } instance ? Verification.Modules.FaceCaptureModule.FindOpenBookmark(instance) : null;

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            if (Directory.Exists(_dataPath))
                Directory.Delete(_dataPath, recursive: true);
        }
        catch (IOException)
        {
            // Left to the OS temp cleaner.
        }
    }
}
