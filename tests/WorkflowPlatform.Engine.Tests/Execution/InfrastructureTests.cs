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

public sealed class InMemoryInstanceStoreTests
{
    private static WorkflowInstance New(string id, InstanceStatus status, DateTimeOffset at, string user = "u") => new()
    {
        Id = id, WorkspaceId = "w", DefinitionKey = "k", DefinitionVersion = 1, DefinitionHash = "h", DefinitionSnapshot = "{}",
        Status = status, CreatedAt = at, UpdatedAt = at, UserId = user,
    };

    [Fact]
    public async Task SaveAsync_StaleVersion_ThrowsAndKeepsStoredState()
    {
        var store = new InMemoryWorkflowInstanceStore();
        await store.CreateAsync(New("a", InstanceStatus.Running, DateTimeOffset.UnixEpoch), []);
        var first = (await store.GetAsync("a"))!;
        var second = (await store.GetAsync("a"))!;
        first.Status = InstanceStatus.Completed;
        await store.SaveAsync(first, []);

        second.Status = InstanceStatus.Failed;
        await Assert.ThrowsAsync<ConcurrencyException>(() => store.SaveAsync(second, []));

        Assert.Equal(InstanceStatus.Completed, (await store.GetAsync("a"))!.Status);
        Assert.Equal(2, first.ConcurrencyVersion);
    }

    [Fact]
    public async Task QueryAsync_FiltersAndPages_NewestFirst()
    {
        var store = new InMemoryWorkflowInstanceStore();
        var t0 = DateTimeOffset.UnixEpoch;
        for (var i = 0; i < 5; i++)
        {
            await store.CreateAsync(New($"i{i}", i % 2 == 0 ? InstanceStatus.Completed : InstanceStatus.AwaitingInput, t0.AddMinutes(i), i < 3 ? "u1" : "u2"), []);
        }

        var page = await store.QueryAsync(new InstanceQuery { WorkspaceId = "w", Status = InstanceStatus.Completed, Take = 2 });
        var user = await store.QueryAsync(new InstanceQuery { WorkspaceId = "w", UserId = "u2", From = t0.AddMinutes(4) });
        var other = await store.QueryAsync(new InstanceQuery { WorkspaceId = "other" });

        Assert.Equal(3, page.Total);
        Assert.Equal(["i4", "i2"], page.Items.Select(i => i.Id).ToArray());
        Assert.Equal(["i4"], user.Items.Select(i => i.Id).ToArray());
        Assert.Equal(0, other.Total);
    }

    [Fact]
    public async Task FindStuckAndExpired_SelectOnlyMatchingRows()
    {
        var store = new InMemoryWorkflowInstanceStore();
        var t0 = DateTimeOffset.UnixEpoch;
        await store.CreateAsync(New("old-running", InstanceStatus.Running, t0), []);
        await store.CreateAsync(New("new-running", InstanceStatus.Running, t0.AddHours(1)), []);
        var expiring = New("expiring", InstanceStatus.AwaitingInput, t0);
        expiring.ExpiresAt = t0.AddMinutes(10);
        await store.CreateAsync(expiring, []);
        var done = New("done", InstanceStatus.Completed, t0);
        done.ExpiresAt = t0;
        await store.CreateAsync(done, []);

        var stuck = await store.FindStuckAsync(t0.AddMinutes(30), 10);
        var expired = await store.FindExpiredAsync(t0.AddMinutes(10), 10);

        Assert.Equal(["old-running"], stuck.Select(i => i.Id).ToArray());
        Assert.Equal(["expiring"], expired.Select(i => i.Id).ToArray());
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

        await harness.StartAsync("skip-and-branch");

        lock (steps)
        {
            Assert.True(steps.Count(s => s.Module == "decision") >= 1);
            Assert.True(steps.Count >= 4);
            Assert.All(steps, s => Assert.True(s.Value >= 0));
        }
    }
}
