using System.Text.Json;
using WorkflowPlatform.Engine.Execution;
using WorkflowPlatform.Engine.Tests.Support;
using Xunit;

namespace WorkflowPlatform.Engine.Tests.Execution;

public sealed class DryRunTests : IDisposable
{
    private readonly EngineHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    private static JsonElement Context(string json) => JsonDocument.Parse(json).RootElement.Clone();

    [Fact]
    public async Task RunAsync_DraftWithInteractiveModule_SimulatesItAndReportsPathWithRuleValues()
    {
        var draft = Fixtures.Load("Execution/Fixtures/capture.json");

        var result = await _harness.DryRunner.RunAsync(draft, Context("""
            { "user": { "is_new": true }, "modules": { "capture": { "score": 0.95, "template": "T" } } }
            """));

        Assert.Equal(["capture", "score", "keep", "approved"], result.Path.Select(p => p.NodeId).ToArray());
        var capture = result.Path[0];
        Assert.Equal((JournalStatus.Simulated, "done", "user.is_new || request.force_onboarding"), (capture.Status, capture.Port, capture.Rule));
        Assert.True(capture.RuleValue!.GetValue<bool>());
        Assert.Equal("***", capture.Outputs!["template"]!.GetValue<string>());
        Assert.Equal("good", result.Path[1].Port);
        Assert.Equal(JournalStatus.Ran, result.Path[2].Status);
        Assert.Equal(WorkflowOutcome.Approved, result.Outcome);
        Assert.Equal(0.95, result.Result["score"]!.GetValue<double>());
        Assert.Equal(InstanceStatus.Completed, result.Status);
    }

    [Fact]
    public async Task RunAsync_RuleFalse_ShowsSkipWithValue()
    {
        var result = await _harness.DryRunner.RunAsync(Fixtures.Load("Execution/Fixtures/capture.json"), Context("""{ "user": { "is_new": false } }"""));

        var capture = result.Path[0];
        Assert.Equal((JournalStatus.Skipped, "rule false", "skipped"), (capture.Status, capture.Reason, capture.Port));
        Assert.False(capture.RuleValue!.GetValue<bool>());
        Assert.Equal("not_needed", result.Path[1].NodeId);
    }

    [Fact]
    public async Task RunAsync_PortOverride_SimulatesFailureBranch()
    {
        var result = await _harness.DryRunner.RunAsync(Fixtures.Load("Execution/Fixtures/capture.json"),
            Context("""{ "user": { "is_new": true }, "ports": { "capture": "failed" } }"""));

        Assert.Equal(WorkflowOutcome.Declined, result.Outcome);
        Assert.Equal("failed", result.Path[0].Port);
    }

    [Fact]
    public async Task RunAsync_HttpCallAndWait_AreSimulatedWithoutNetworkOrTimers()
    {
        var definition = Engine.Definitions.DefinitionSerializer.Deserialize(
            File.ReadAllText(Fixtures.Path("Execution/Fixtures/http.json")).Replace("{{url}}", "http://127.0.0.1:1/unreachable", StringComparison.Ordinal));

        var http = await _harness.DryRunner.RunAsync(definition, null);
        var wait = await _harness.DryRunner.RunAsync(Fixtures.Load("Execution/Fixtures/wait-loop.json"), null);

        Assert.Equal((JournalStatus.Simulated, WorkflowOutcome.Approved), (http.Path[0].Status, http.Outcome));
        Assert.Equal(WorkflowOutcome.Approved, wait.Outcome);
        Assert.Equal(3, wait.Path.Count(p => p.NodeId == "wait" && p.Status == JournalStatus.Simulated));
        Assert.Empty(_harness.Scheduler.Pending);
    }

    [Fact]
    public async Task RunAsync_TimestampInContext_ParsedForRules()
    {
        var definition = Engine.Definitions.DefinitionSerializer.Deserialize("""
            { "key": "ts", "name": "ts", "start": "d",
              "nodes": [ { "id": "d", "type": "decision", "settings": { "branches": [ { "name": "old", "rule": "user.registered_at < timestamp('2025-01-01T00:00:00Z')" } ] } },
                         { "id": "a", "type": "end", "settings": { "outcome": "review" } },
                         { "id": "b", "type": "end", "settings": { "outcome": "approved" } } ],
              "edges": [ { "from": "d", "port": "old", "to": "a" }, { "from": "d", "port": "else", "to": "b" } ] }
            """);

        var result = await _harness.DryRunner.RunAsync(definition, Context("""{ "user": { "registered_at": "2020-05-01T10:00:00Z" } }"""));

        Assert.Equal(WorkflowOutcome.Review, result.Outcome);
    }

    [Fact]
    public async Task RunAsync_RuleThatDoesNotCompile_FailsStepWithRuleInvalid()
    {
        var definition = Fixtures.Load("Execution/Fixtures/capture.json");
        definition = definition with { Nodes = definition.Nodes.Select(n => n.Id == "capture" ? n with { Rule = "user.is_new &&" } : n).ToList() };

        var result = await _harness.DryRunner.RunAsync(definition, null);

        Assert.Equal(EngineErrorCodes.RuleInvalid, result.Path[0].ErrorCode);
        Assert.Equal(WorkflowOutcome.Declined, result.Outcome); // capture has a failed edge
    }
}
