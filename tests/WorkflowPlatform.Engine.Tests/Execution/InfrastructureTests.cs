using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using WorkflowPlatform.Engine.Diagnostics;
using WorkflowPlatform.Engine.Execution;
using WorkflowPlatform.Engine.Modules;
using WorkflowPlatform.Engine.Persistence;
using WorkflowPlatform.Engine.Tests.Support;
using Xunit;

namespace WorkflowPlatform.Engine.Tests.Execution;

public sealed class InstanceSerializerTests
{
    [Fact]
    public void Clone_TypedValues_RoundTripWithTheirTypes()
    {
        var instance = new WorkflowInstance
        {
            Id = "i", WorkspaceId = "w", DefinitionKey = "k", DefinitionVersion = 3, DefinitionHash = "h", DefinitionSnapshot = "{}",
            CreatedAt = DateTimeOffset.UnixEpoch, Status = InstanceStatus.AwaitingInput, Outcome = WorkflowOutcome.Review,
        };
        var at = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(2));
        instance.Context.Result["long"] = 5L;
        instance.Context.Result["double"] = 2.0;
        instance.Context.Result["fraction"] = 0.25;
        instance.Context.Result["at"] = at;
        instance.Context.Result["span"] = TimeSpan.FromMinutes(90);
        instance.Context.Result["tricky"] = new Dictionary<string, object?> { ["$ts"] = "not a timestamp" };
        instance.Context.Result["list"] = new List<object?> { 1L, "a", null, true };
        instance.Context.Modules["n"] = new Dictionary<string, object?> { ["x"] = double.NaN };
        instance.Bookmarks.Add(new Bookmark { Name = "b", NodeId = "n", Payload = { ["attempt"] = 2L }, ResumeAt = at, ConsumedBy = "k", ResumeStatus = InstanceStatus.Completed });

        var copy = InstanceSerializer.Clone(instance);

        Assert.Equal(5L, copy.Context.Result["long"]);
        Assert.Equal(2.0, copy.Context.Result["double"]);
        Assert.IsType<double>(copy.Context.Result["double"]);
        Assert.Equal(0.25, copy.Context.Result["fraction"]);
        Assert.Equal(at, copy.Context.Result["at"]);
        Assert.Equal(TimeSpan.FromMinutes(90), copy.Context.Result["span"]);
        Assert.Equal("not a timestamp", ((Dictionary<string, object?>)copy.Context.Result["tricky"]!)["$ts"]);
        Assert.Equal(new List<object?> { 1L, "a", null, true }, copy.Context.Result["list"]);
        Assert.True(double.IsNaN((double)copy.Context.Modules["n"]["x"]!));
        Assert.Equal((InstanceStatus.AwaitingInput, WorkflowOutcome.Review), (copy.Status, copy.Outcome));
        var bookmark = Assert.Single(copy.Bookmarks);
        Assert.Equal((2L, at, "k", InstanceStatus.Completed), ((long)bookmark.Payload["attempt"]!, bookmark.ResumeAt!.Value, bookmark.ConsumedBy!, bookmark.ResumeStatus!.Value));
    }
}

public sealed class RegistrationTests
{
    [Fact]
    public void AddWorkflowEngine_BuiltInModules_AreInTheCatalog()
    {
        using var harness = new EngineHarness();

        var types = harness.Get<ModuleRegistry>().Descriptors.Select(d => d.Type).ToHashSet();

        Assert.Superset(new HashSet<string> { "decision", "set_result", "wait", "http_call", "end", "capture" }, types);
    }

    [Fact]
    public void ModuleRegistry_TwoModulesWithOneType_Throws()
    {
        var services = new ServiceCollection();
        services.AddSingleton(TimeProvider.System);
        services.AddWorkflowEngine().UseInMemoryStores().UseInMemoryScheduler().AddModule<DuplicateEnd>();
        using var provider = services.BuildServiceProvider();

        var e = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<ModuleRegistry>());

        Assert.Contains("'end'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Descriptor_SerialisedForAdminApi_MatchesContractShape()
    {
        using var harness = new EngineHarness();
        var descriptor = harness.Get<ModuleRegistry>().Find("capture")!.Descriptor;

        var json = System.Text.Json.JsonSerializer.Serialize(descriptor, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web));
        using var document = System.Text.Json.JsonDocument.Parse(json);
        var root = document.RootElement;

        Assert.Equal("capture", root.GetProperty("type").GetString());
        Assert.True(root.GetProperty("interactive").GetBoolean());
        Assert.Equal(3, root.GetProperty("settings")[0].GetProperty("default").GetInt32());
        Assert.True(root.GetProperty("outputs")[1].GetProperty("sensitive").GetBoolean());
        Assert.False(root.TryGetProperty("waits", out _));
        Assert.Equal(["type", "displayName", "category", "description", "interactive", "sideEffects", "ports", "settings", "outputs"],
            root.EnumerateObject().Select(p => p.Name).ToArray());
    }

    private sealed class DuplicateEnd : IWorkflowModule
    {
        public ModuleDescriptor Descriptor { get; } = new() { Type = "end", DisplayName = "Other end", Category = "flow" };

        public ValueTask<ModuleResult> ExecuteAsync(ModuleContext context) => ValueTask.FromResult(ModuleResult.Done());
    }
}

public sealed class TelemetryTests
{
    [Fact]
    public async Task Run_RecordsStepDurationsOnTheProductMeter()
    {
        using var harness = new EngineHarness();
        await harness.PublishAsync(Fixtures.Load("Execution/Fixtures/skip-and-branch.json"));
        var steps = new List<(double Value, string? Module)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == EngineTelemetry.Name && instrument.Name == EngineTelemetry.StepDuration)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            string? module = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "module")
                {
                    module = tag.Value as string;
                }
            }

            lock (steps)
            {
                steps.Add((value, module));
            }
        });
        listener.Start();

        var run = await harness.StartAsync("skip-and-branch", new() { ["metadata"] = new Dictionary<string, object?> { ["country"] = "DE" } });

        Assert.Equal(InstanceStatus.Completed, run.Status);
        lock (steps)
        {
            Assert.True(steps.Count(s => s.Module == "decision") >= 1);
            Assert.True(steps.Count >= 4, string.Join(", ", steps.Select(s => s.Module)));
            Assert.All(steps, s => Assert.True(s.Value >= 0));
        }
    }
}
