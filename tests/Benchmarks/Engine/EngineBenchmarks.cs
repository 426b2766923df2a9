using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using WorkflowPlatform.Engine;
using WorkflowPlatform.Engine.Definitions;
using WorkflowPlatform.Engine.Execution;
using WorkflowPlatform.Engine.Modules;

namespace WorkflowPlatform.Benchmarks.Engine;

/// <summary>
/// Executor throughput on the in-memory store (every instance created, run and persisted with its
/// journal through <c>IWorkflowInstanceStore</c>, serialised like a database row).
/// Run: <c>dotnet run -c Release --project tests/Benchmarks -- --filter '*EngineBenchmarks*' --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class EngineBenchmarks
{
    private const string Workspace = "bench";



    private ServiceProvider _provider = null!;
    private WorkflowEngine _engine = null!;
    private StartRequest _fiveRequest = null!;
    private StartRequest _interactiveRequest = null!;
    private readonly Dictionary<string, object?> _input = new() { ["score"] = 0.9 };

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection();
        services.AddWorkflowEngine().UseInMemoryStores().UseInMemoryScheduler().AddModule<AwaitInputModule>();
        _provider = services.BuildServiceProvider();
        _engine = _provider.GetRequiredService<WorkflowEngine>();
        var definitions = _provider.GetRequiredService<WorkflowDefinitionService>();
        foreach (var json in new[] { BenchmarkWorkflows.FiveNodes, BenchmarkWorkflows.Interactive })
        {
            var version = definitions.ImportAsync(Workspace, json, publish: true).GetAwaiter().GetResult();
            if (version.Status != DefinitionStatus.Published)
            {
                throw new InvalidOperationException("Benchmark workflow did not publish.");
            }
        }

        var user = new Dictionary<string, object?> { ["is_new"] = true, ["selfie_registered"] = false };
        _fiveRequest = new StartRequest
        {
            WorkspaceId = Workspace,
            Workflow = "five",
            UserId = "u1",
            User = user,
            Request = new Dictionary<string, object?>
            {
                ["locale"] = "de-DE",
                ["metadata"] = new Dictionary<string, object?> { ["country"] = "DE", ["age"] = 30L },
            },
        };
        _interactiveRequest = _fiveRequest with { Workflow = "interactive" };

        var check = _engine.StartAsync(_fiveRequest).GetAwaiter().GetResult();
        if (check.Status != InstanceStatus.Completed || !Equals(check.Result["score"], 61L))
        {
            throw new InvalidOperationException($"Five-node workflow ended {check.Status}, score {check.Result.GetValueOrDefault("score")}.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _provider.Dispose();

    /// <summary>Start → 5 nodes (rules evaluated, one skipped) → completed, persisted with journal.</summary>
    [Benchmark(Description = "5-node workflow to completion (persisted)")]
    public async Task<InstanceStatus> RunToCompletion()
    {
        var result = await _engine.StartAsync(_fiveRequest);
        return result.Status;
    }

    /// <summary>Start → suspend on a bookmark (persisted) → resume with input → completed (persisted).</summary>
    [Benchmark(Description = "suspend + resume round trip")]
    public async Task<InstanceStatus> SuspendResume()
    {
        var started = await _engine.StartAsync(_interactiveRequest);
        var resumed = await _engine.ResumeAsync(started.InstanceId, started.Bookmark!, _input, "k1");
        return resumed.Status;
    }

    private sealed class AwaitInputModule : IWorkflowModule
    {
        public ModuleDescriptor Descriptor { get; } = new()
        {
            Type = "await_input",
            DisplayName = "Await input",
            Category = "bench",
            Interactive = true,
            Outputs = [new OutputDescriptor { Name = "score", Type = OutputTypes.Double }],
        };

        public ValueTask<ModuleResult> ExecuteAsync(ModuleContext context)
            => ValueTask.FromResult(context.Resume is null
                ? ModuleResult.Suspend("input")
                : ModuleResult.Done(new Dictionary<string, object?> { ["score"] = context.Resume.Input.GetValueOrDefault("score") }));
    }
}
