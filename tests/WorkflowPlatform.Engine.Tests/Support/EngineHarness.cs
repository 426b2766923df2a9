using Microsoft.Extensions.DependencyInjection;
using WorkflowPlatform.Engine.Definitions;
using WorkflowPlatform.Engine.Execution;
using WorkflowPlatform.Engine.Persistence;
using WorkflowPlatform.Engine.Scheduling;

namespace WorkflowPlatform.Engine.Tests.Support;

/// <summary>The real engine wired through AddWorkflowEngine on the in-memory stores and a manual clock.</summary>
public sealed class EngineHarness : IDisposable
{
    public const string Workspace = "ws1";

    private readonly ServiceProvider _provider;

    public EngineHarness(Action<WorkflowEngineOptions>? configure = null, HttpClient? http = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Time);
        if (http is not null)
        {
            services.AddSingleton(new Engine.Modules.BuiltIn.WorkflowHttpClient(http));
        }

        services.AddWorkflowEngine(configure)
            .UseInMemoryStores()
            .UseInMemoryScheduler()
            .AddModule<CaptureModule>()
            .AddModule<CrashOnceModule>()
            .AddModule<CrashOnceEffectModule>()
            .AddModule<InteractiveCrashModule>()
            .AddModule<EchoModule>();
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public ManualTimeProvider Time { get; } = new();

    public IServiceProvider Services => _provider;

    public WorkflowEngine Engine => _provider.GetRequiredService<WorkflowEngine>();

    public WorkflowDefinitionService Definitions => _provider.GetRequiredService<WorkflowDefinitionService>();

    public IWorkflowInstanceStore Instances => _provider.GetRequiredService<IWorkflowInstanceStore>();

    public InMemoryWorkflowScheduler Scheduler => _provider.GetRequiredService<InMemoryWorkflowScheduler>();

    public WorkflowSweeper Sweeper => _provider.GetRequiredService<WorkflowSweeper>();

    public DryRunner DryRunner => _provider.GetRequiredService<DryRunner>();

    public T Get<T>() where T : notnull => _provider.GetRequiredService<T>();

    /// <summary>Saves and publishes a fixture; returns the published version.</summary>
    public async Task<WorkflowDefinitionVersion> PublishAsync(WorkflowDefinition definition)
    {
        await Definitions.SaveDraftAsync(Workspace, definition);
        return await Definitions.PublishAsync(Workspace, definition.Key);
    }

    public Task<RunResult> StartAsync(string workflow, Dictionary<string, object?>? request = null, Dictionary<string, object?>? user = null, TimeSpan? ttl = null)
        => Engine.StartAsync(new StartRequest
        {
            WorkspaceId = Workspace,
            Workflow = workflow,
            UserId = "user-1",
            Request = request,
            User = user ?? new Dictionary<string, object?> { ["is_new"] = true, ["selfie_registered"] = false },
            TimeToLive = ttl,
        });

    public void Dispose() => _provider.Dispose();
}

/// <summary>Loads workflow fixtures stored as JSON next to the tests.</summary>
public static class Fixtures
{
    public static string Path(string relative) => System.IO.Path.Combine(AppContext.BaseDirectory, relative);

    public static WorkflowDefinition Load(string relative) => DefinitionSerializer.Deserialize(File.ReadAllText(Path(relative)));
}
